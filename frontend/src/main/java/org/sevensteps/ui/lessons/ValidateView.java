package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.List;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.loss.Metrics;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.ui.code.CodePane;
import org.sevensteps.ui.code.SourceCode;
import org.sevensteps.ui.shell.MainLayout;
import org.sevensteps.ui.train.TrainingPanel;
import org.sevensteps.ui.widgets.SelfCheck;

/** Lesson 5: minibatches, epochs and the training loop, judged on digits the model never trained on. */
@Route(value = "lessons/validate", layout = MainLayout.class)
@PageTitle("5. Validate | Seven Steps")
public class ValidateView extends TrainingLessonView {

    public ValidateView() {
        super("validate", List.of(Model.LINEAR));
    }

    @Override
    String expectation(Model model) {
        return "With the defaults (lr 1, batch 256, 20 epochs) the linear model reaches about 97% on the 2,038 "
                + "validation 3s and 7s; PyTorch lands between 96.9% and 97.7% depending on the seed.";
    }

    @Override
    SelfCheck questions(SelfCheck check, TrainingPanel panel) {
        check.number("batches", () -> "With the batch size in your settings, how many minibatches make one epoch "
                        + "of the 12,396 training 3s and 7s?",
                () -> panel.currentSpec() == null ? Double.NaN : Math.ceil(12_396.0 / panel.currentSpec().batchSize()), 0,
                "12,396 divided by the batch size, rounded up: the last, smaller batch counts too.");
        lastAccuracy(check, panel);
        return check.choice("fit", "Training loss keeps falling while validation loss rises. What is happening?",
                List.of("overfitting", "underfitting"), "overfitting",
                "The model learns its training images by heart, and gets worse on new ones.");
    }

    @Override
    List<Component> code() {
        return List.of(
                new CodePane("Our engine: Learner.oneBatch", SourceCode.method(Learner.class, "oneBatch"), """
                        # one step of the loop, as in the source text
                        preds = model(xb)
                        loss = mnist_loss(preds, yb)
                        loss.backward()
                        opt.step()
                        opt.zero_grad()"""),
                new CodePane("Our engine: Losses.mnistLoss", SourceCode.method(Losses.class, "mnistLoss"), """
                        def mnist_loss(predictions, targets):
                            predictions = predictions.sigmoid()
                            return torch.where(targets == 1, 1 - predictions, predictions).mean()"""),
                new CodePane("Our engine: Metrics.batchAccuracy", SourceCode.method(Metrics.class, "batchAccuracy"), """
                        def batch_accuracy(xb, yb):
                            correct = (xb.sigmoid() > 0.5) == yb
                            return correct.float().mean()"""));
    }
}
