package layerlab.ui.shell;

import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Stage;
import layerlab.graph.Node;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.help.HelpWindow;
import layerlab.ui.start.GuidedTour;
import layerlab.ui.start.SampleCard;
import layerlab.ui.start.StartPage;
import layerlab.ui.start.StartPrefs;
import layerlab.ui.start.TourStep;

/**
 * The window's help for a newcomer: the start page (samples, recent projects, the tour's offer), the guided tour and the
 * layers' help window, and the Help menu's items that bring them back. Each is made when first asked for.
 */
final class WindowHelp {
    private final Supplier<Stage> stage;
    private final EditorModel editor;
    private final UiPrefs prefs;
    private final StartPage.Actions actions;
    /** Runs as the tour starts: shows the side panels it points at. */
    private final Runnable beforeTour;
    private HelpWindow help;
    private GuidedTour tour;

    /**
     * @param actions    what the start page's buttons do (the window's opening of samples and projects)
     * @param beforeTour what the tour needs first (the side panels shown)
     */
    WindowHelp(Supplier<Stage> stage, EditorModel editor, UiPrefs prefs, StartPage.Actions actions, Runnable beforeTour) {
        this.stage = stage;
        this.beforeTour = beforeTour;
        this.editor = editor;
        this.prefs = prefs;
        this.actions = actions;
    }

    /** Help › Start Page, Guided Tour and Layer Help, ahead of Shortcuts and About. */
    void addItems(Menu helpMenu) {
        MenuItem start = MainMenu.item("helpStartPage", "Start Page", null, () -> showStartPage(false));
        MenuItem tourItem = MainMenu.item("helpTour", "Guided Tour", null, this::startTour);
        MenuItem layers = MainMenu.item("helpLayers", "Layer Help", null, () -> {
            Node n = editor.selectedNode();
            showLayerHelp(n != null && layerlab.graph.spec.Registry.find(n.kind()) != null ? n.kind() : "Linear");
        });
        helpMenu.getItems().addAll(0, List.of(start, tourItem, layers, new SeparatorMenuItem()));
    }

    /** The start page: samples, recent projects and (on the first run) the tour's offer. */
    StartPage showStartPage(boolean offerTour) {
        StartPage page = new StartPage(stage.get(), actions, SampleCard.all(), new StartPrefs(prefs.node()), offerTour);
        page.show();
        return page;
    }

    /** Shows the start page when it is due: on the first run (offering the tour), or always if the user asked. */
    void showStartPageIfDue() {
        StartPrefs p = new StartPrefs(prefs.node());
        if (p.showAtStart()) showStartPage(p.firstRun());
    }

    /** Help › Guided Tour: callouts over the window, one control at a time. */
    void startTour() {
        // The tour points at the palette and Properties: hidden (View › Show Side Panels), they show again.
        beforeTour.run();
        if (tour == null) tour = new GuidedTour(stage.get().getScene(), TourStep.STEPS);
        tour.start();
    }

    GuidedTour tour() {
        return tour;
    }

    /** A layer kind's help page, in the help window. */
    void showLayerHelp(String kind) {
        if (help == null) help = new HelpWindow(stage.get());
        help.show(kind);
    }

    HelpWindow help() {
        return help;
    }
}
