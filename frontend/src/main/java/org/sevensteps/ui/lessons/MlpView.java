package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.List;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.nn.Linear;
import org.sevensteps.lessons.experiment.ThreesVsSevens;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.ui.code.CodePane;
import org.sevensteps.ui.code.SourceCode;
import org.sevensteps.ui.shell.MainLayout;
import org.sevensteps.ui.train.TrainingPanel;
import org.sevensteps.ui.widgets.SelfCheck;

/** Lesson 6: a non-linearity between two linear layers; then all ten digits with cross entropy. */
@Route(value = "lessons/mlp", layout = MainLayout.class)
@PageTitle("6. MLP | Seven Steps")
public class MlpView extends TrainingLessonView {

    public MlpView() {
        super("mlp", List.of(Model.SIMPLE_NET, Model.MLP));
    }

    @Override
    String expectation(Model model) {
        return model == Model.MLP
                ? "784-50-10 on all 60,000 digits, SGD lr 0.5, batch 64: about 96–97% after 3 epochs (PyTorch: 96.4% and 96.7%)."
                : "simple_net on 3s and 7s, lr 0.1, batch 256, 40 epochs: about 98% (PyTorch: 98.2% for three seeds).";
    }

    @Override
    SelfCheck questions(SelfCheck check, TrainingPanel panel) {
        check.number("parameters", () -> "How many trainable numbers (weights and biases) does the model chosen above have?",
                () -> panel.currentSpec() == null ? Double.NaN
                        : panel.currentSpec().modelEnum() == Model.MLP ? 784 * 50 + 50 + 50 * 10 + 10.0 : 784 * 30 + 30 + 30 + 1.0,
                0, "Each layer has inputs × outputs weights plus one bias per output: 784×30 + 30 + 30×1 + 1 "
                        + "for simple_net, 784×50 + 50 + 50×10 + 10 for the MLP.");
        check.number("linear", () -> "Two linear layers with nothing between them can always be replaced by how "
                + "many linear layers?", () -> 1.0, 0,
                "A linear function of a linear function is linear: one layer does the same.");
        return lastAccuracy(check, panel);
    }

    @Override
    List<Component> code() {
        return List.of(
                new CodePane("Our engine: ThreesVsSevens.simpleNet", SourceCode.method(ThreesVsSevens.class, "simpleNet"), """
                        simple_net = nn.Sequential(
                            nn.Linear(28*28, 30),
                            nn.ReLU(),
                            nn.Linear(30, 1))"""),
                new CodePane("Our engine: Linear.forward", SourceCode.method(Linear.class, "forward"), """
                        # nn.Linear computes x @ weight.T + bias
                        def forward(self, x): return x @ self.weight.T + self.bias"""),
                new CodePane("Our engine: Losses.crossEntropy", SourceCode.method(Losses.class, "crossEntropy"), """
                        # log_softmax with the logsumexp trick, then the negative log likelihood
                        loss = F.cross_entropy(logits, targets)"""));
    }
}
