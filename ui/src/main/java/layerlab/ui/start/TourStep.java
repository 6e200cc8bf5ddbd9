package layerlab.ui.start;

import java.util.List;
import java.util.function.Function;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.MenuButton;

/**
 * One stop of the guided tour: what it says and the control it points at, found in the live window when the step
 * shows (a missing one, say the canvas's cards in an empty project, falls back to a wider control or to none).
 */
public record TourStep(String title, String text, Function<Scene, Node> target) {
    /** The tour: palette → drag a layer → connect → train → inspect, about two minutes of reading. */
    public static final List<TourStep> STEPS = List.of(
            new TourStep("Welcome to LayerLab",
                    "This two-minute tour points at the controls you need to draw a network, train it and look inside. "
                            + "Next and Back move through it; Skip or Esc ends it, and Help › Guided Tour brings it back.",
                    s -> null),
            new TourStep("The palette",
                    "Every layer LayerLab knows, grouped and named as in PyTorch. Type in Search layers… to filter: "
                            + "\"dense\" finds Linear. Right-click a layer, or select it and press F1, for its help page.",
                    s -> s.lookup("#palettePanel")),
            new TourStep("Drag a layer",
                    "Drag a layer from the palette onto the canvas, or click the canvas, press Tab and type part of its "
                            + "name. Every card shows the layer's output shape and its parameter count.",
                    s -> s.lookup("#canvas")),
            new TourStep("Connect",
                    "Drag from a card's output port (right edge) to another card's input port (left edge). Compatible "
                            + "ports light up; a connection that cannot work is refused, with the reason. Edges are "
                            + "labelled with the shape they carry.",
                    TourStep::firstVisibleCard),
            new TourStep("Train",
                    "Train › Start (Ctrl+Enter) trains the project on its own data set with its own settings. The "
                            + "dashboard opens under the canvas with live loss and accuracy; Esc stops the run.",
                    TourStep::trainMenu),
            new TourStep("Inspect",
                    "Select a card: Properties shows its params, its shape formula with the numbers, and ? for the "
                            + "layer's help. After a run, the dashboard's Inspector and Results tabs show weights, "
                            + "gradients, activations and the confusion matrix. That's the tour: happy training!",
                    s -> s.lookup("#sideTabs")));

    /** A node card that is on screen, else the canvas. */
    static Node firstVisibleCard(Scene s) {
        Node canvas = s.lookup("#canvas");
        if (canvas == null) return null;
        Bounds view = canvas.localToScene(canvas.getLayoutBounds());
        for (Node card : canvas.lookupAll(".node-card")) {
            if (!card.isVisible()) continue;
            Bounds b = card.localToScene(card.getLayoutBounds());
            if (view.contains(b.getMinX(), b.getMinY()) && view.contains(b.getMaxX(), b.getMaxY())) return card;
        }
        return canvas;
    }

    /** The Train menu's button in the menu bar, else the menu bar. */
    static Node trainMenu(Scene s) {
        Node bar = s.lookup("#menuBar");
        if (bar == null) return null;
        for (Node n : bar.lookupAll(".menu-button")) {
            if (n instanceof MenuButton b && b.getText() != null && b.getText().replace("_", "").equals("Train")) return n;
        }
        return bar;
    }
}
