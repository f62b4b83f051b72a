package org.sevensteps.ui.lessons;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.List;
import java.util.Map;
import org.sevensteps.engine.nn.Conv2d;
import org.sevensteps.lessons.experiment.TenDigits;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.ui.code.CodePane;
import org.sevensteps.ui.code.SourceCode;
import org.sevensteps.ui.shell.MainLayout;
import org.sevensteps.ui.train.TrainingPanel;
import org.sevensteps.ui.widgets.SelfCheck;
import org.sevensteps.ui.widgets.UrlState;

/** Lesson 7: convolutions, the source's three-layer CNN, learned filters and feature maps. */
@Route(value = "lessons/cnn", layout = MainLayout.class)
@PageTitle("7. CNN | Seven Steps")
public class CnnView extends TrainingLessonView {

    public CnnView() {
        super("cnn", List.of(Model.CNN, Model.CNN_FIXED));
    }

    @Override
    Map<String, Component> widgets(UrlState url) {
        return Map.of("filters", new ConvFilterWidget(url));
    }

    @Override
    String expectation(Model model) {
        if (model == Model.CNN_FIXED) {
            return "The fix: no ReLU before the pooling, so every digit keeps a score that can move. Train it with "
                    + "the same seed as a run of the source's model: both runs, epoch by epoch, share the comparison "
                    + "charts and the table of your runs below.";
        }
        return "Adam lr 0.001, batch 64, 15 epochs. The result depends on the seed: runs of this exact model ended "
                + "between 64% and 91%, because the ReLU before the pooling can silence whole classes. "
                + "One epoch takes several seconds on the CPU; try 1–3 epochs first.";
    }

    @Override
    SelfCheck questions(SelfCheck check, TrainingPanel panel) {
        check.number("side", () -> "A 3×3 convolution with stride 2 and padding 1 turns a 14×14 map into a map "
                + "of what side?", () -> 7.0, 0, "(14 + 2×1 − 3) ÷ 2 + 1 = 7.5, rounded down: 7.");
        check.number("conv1", () -> "How many weights and biases does the first layer, Conv2d(1, 16, 3), have?",
                () -> 160.0, 0, "16 filters of 3×3 weights over one channel, plus one bias each: 16×9 + 16.");
        return lastAccuracy(check, panel);
    }

    @Override
    List<Component> code() {
        return List.of(
                new CodePane("Our lesson code: TenDigits.convNet", SourceCode.method(TenDigits.class, "convNet"), """
                        model = nn.Sequential(
                            nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
                            nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(),
                            nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1), nn.ReLU(),
                            nn.AvgPool2d(4), nn.Flatten())
                        opt = torch.optim.Adam(model.parameters(), lr=1e-3)"""),
                new CodePane("Our engine: Conv2d.forward", SourceCode.method(Conv2d.class, "forward"), """
                        # output side = (28 + 2*1 - 3) // 2 + 1 = 14, then 7, then 4
                        out = F.conv2d(x, weight, bias, stride=2, padding=1)"""));
    }
}
