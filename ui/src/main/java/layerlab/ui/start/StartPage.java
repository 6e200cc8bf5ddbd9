package layerlab.ui.start;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The start page: the sample projects as cards (a miniature of the graph, one line about it, Open and Open and
 * train), the recent projects, and on the first run an offer of the guided tour. It is a window of its own over the
 * editor and closes once a project is chosen.
 */
public final class StartPage {
    private static final String CSS = StartPage.class.getResource("/layerlab/ui/start.css").toExternalForm();

    /** What the page's buttons do; the main window implements them. */
    public interface Actions {
        void openSample(String file);

        void openSampleAndTrain(String file);

        void openRecent(Path p);

        List<Path> recent();

        void newProject();

        void open();

        void startTour();
    }

    private final Stage stage = new Stage();
    private final BorderPane root;

    /**
     * @param offerTour whether to offer the guided tour (the first run)
     */
    public StartPage(Window owner, Actions actions, List<SampleCard> samples, StartPrefs prefs, boolean offerTour) {
        stage.initOwner(owner);
        stage.setTitle("LayerLab — Start");

        Label title = new Label("Welcome to LayerLab");
        title.getStyleClass().add("start-title");
        Label subtitle = new Label("Draw a network from PyTorch layers, check its shapes as you go, train it, and look inside.");
        subtitle.getStyleClass().add("muted");
        subtitle.setWrapText(true);
        VBox head = new VBox(4, title, subtitle);
        head.getStyleClass().add("start-head");
        if (offerTour) {
            Label ask = new Label("New here? The guided tour shows the palette, the canvas, training and the inspectors in two minutes.");
            ask.setWrapText(true);
            HBox.setHgrow(ask, Priority.ALWAYS);
            Button tour = new Button("Take the tour");
            tour.setId("startTour");
            tour.getStyleClass().add("accent-button");
            tour.setOnAction(e -> then(actions::startTour));
            HBox banner = new HBox(12, ask, tour);
            banner.setId("startTourBanner");
            banner.setAlignment(Pos.CENTER_LEFT);
            banner.getStyleClass().add("start-banner");
            head.getChildren().add(banner);
        }

        TilePane cards = new TilePane(14, 14);
        cards.setId("startSamples");
        cards.setPrefColumns(3);
        cards.getStyleClass().add("start-samples");
        for (SampleCard s : samples) cards.getChildren().add(card(s, actions));
        Label samplesTitle = new Label("SAMPLE PROJECTS");
        samplesTitle.getStyleClass().add("panel-title");
        VBox left = new VBox(10, samplesTitle, cards);
        left.getStyleClass().add("start-main");
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("start-scroll");

        side = side(actions, prefs);

        root = new BorderPane(scroll, head, side, null, null);
        root.setId("startPage");
        root.getStyleClass().add("start-page");
        root.getStylesheets().add(CSS);
        Scene scene = new Scene(root, 1060, 700);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
                e.consume();
            }
        });
        // The window's menu keys (Ctrl+Shift+T, Ctrl+O…): pressed here, as the page opens just after the window and takes
        // the keyboard, they did nothing, and the first Ctrl+Shift+T was lost. The page makes way for the window they act in.
        layerlab.ui.OwnerKeys.forward(stage, owner, stage::close);
        stage.setScene(scene);
        // The theme's colours, which start.css (on the page's root) looks up, from the moment the page is made.
        layerlab.ui.OwnerLook.follow(scene, owner);
        stage.setOnShowing(e -> fit(owner));
        stage.setOnHidden(e -> prefs.markSeen());
    }

    /** The side panel's width at 100 % text (px). */
    private static final double SIDE_WIDTH = 232;
    private VBox side;

    /**
     * 1060×700 at 100 % text, larger with View › Text Size (at 150 % three columns of cards and the side panel no longer
     * fitted 1060 px), and never larger than the screen (a 1280×720 projector), centred on the window it came from.
     */
    private void fit(Window owner) {
        double scale = owner == null || owner.getScene() == null ? 1
                : layerlab.ui.shell.TextSize.in(owner.getScene().getStylesheets()).percent() / 100.0;
        javafx.geometry.Rectangle2D screen = layerlab.ui.Screens.of.apply(owner);
        double w = Math.min(1060 * scale, screen.getWidth()), h = Math.min(700 * scale, screen.getHeight());
        // Its side panel too ("New empty pr…" and a cut path at 150 %), though by less: at 150 % on a 1280-px screen the
        // cards keep their three columns.
        side.setPrefWidth(SIDE_WIDTH * Math.min(scale, 1.3));
        stage.setWidth(w);
        stage.setHeight(h);
        double x = owner == null ? screen.getMinX() + (screen.getWidth() - w) / 2 : owner.getX() + (owner.getWidth() - w) / 2;
        double y = owner == null ? screen.getMinY() + (screen.getHeight() - h) / 2 : owner.getY() + (owner.getHeight() - h) / 2;
        stage.setX(Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - w)));
        stage.setY(Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - h)));
    }

    private VBox card(SampleCard s, Actions actions) {
        String id = s.file().replace(".json", "");
        Label name = new Label(s.title());
        name.getStyleClass().add("sample-title");
        name.setWrapText(true);
        name.setMinHeight(Region.USE_PREF_SIZE);
        Label line = new Label(s.line());
        line.getStyleClass().add("sample-line");
        line.setWrapText(true);
        line.setTooltip(new Tooltip(s.graph().description()));
        Label count = new Label(s.graph().nodes().size() + " nodes · " + s.file());
        count.getStyleClass().add("sample-meta");
        // Its file name whole on a second line at 200 % text ("attention-sentim…" before).
        count.setWrapText(true);
        count.setMinHeight(Region.USE_PREF_SIZE);
        Button open = new Button("Open");
        open.setId("startOpen-" + id);
        open.setOnAction(e -> then(() -> actions.openSample(s.file())));
        Button train = new Button("Open and train");
        train.setId("startTrain-" + id);
        train.getStyleClass().add("accent-button");
        train.setOnAction(e -> then(() -> actions.openSampleAndTrain(s.file())));
        // Eighteen "Open" buttons said nothing apart to a screen reader: each names its sample ("Open Spirals").
        open.setAccessibleText("Open " + s.title());
        train.setAccessibleText("Open and train " + s.title());
        // Never "O…" and "Open and t…": with larger text (View › Text Size) the card widens to its buttons' words.
        open.setMinWidth(Region.USE_PREF_SIZE);
        train.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(8, open, train);
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        VBox card = new VBox(6, Thumbnail.of(s.graph(), 212, 92), name, line, grow, count, buttons);
        card.setId("startSample-" + id);
        card.getStyleClass().add("sample-card");
        card.setPrefWidth(234);
        return card;
    }

    private VBox side(Actions actions, StartPrefs prefs) {
        Label start = new Label("START");
        start.getStyleClass().add("panel-title");
        Button empty = new Button("New empty project");
        empty.setId("startNew");
        empty.setOnAction(e -> then(actions::newProject));
        Button open = new Button("Open a file…");
        open.setId("startOpenFile");
        open.setOnAction(e -> then(actions::open));
        Button tour = new Button("Guided tour");
        tour.setId("startTourLink");
        tour.setOnAction(e -> then(actions::startTour));
        for (Button b : List.of(empty, open, tour)) {
            b.setMaxWidth(Double.MAX_VALUE);
            // The panel widens to its words: "New empty proj…" at 200 % text.
            b.setMinWidth(Region.USE_PREF_SIZE);
        }

        Label recentTitle = new Label("RECENT");
        recentTitle.getStyleClass().add("panel-title");
        VBox recent = new VBox(2);
        recent.setId("startRecent");
        List<Path> files = actions.recent();
        if (files.isEmpty()) {
            Label none = new Label("Projects you save or open appear here.");
            none.getStyleClass().add("muted");
            none.setWrapText(true);
            recent.getChildren().add(none);
        }
        for (Path p : files) {
            Hyperlink link = new Hyperlink(p.getFileName() == null ? p.toString() : p.getFileName().toString());
            link.getStyleClass().add("recent-link");
            link.setMnemonicParsing(false);
            link.setTooltip(new Tooltip(p.toString()));
            link.setOnAction(e -> then(() -> actions.openRecent(p)));
            Label where = new Label(p.toAbsolutePath().getParent() == null ? "" : p.toAbsolutePath().getParent().toString());
            where.getStyleClass().add("sample-meta");
            recent.getChildren().add(new VBox(0, link, where));
        }

        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        CheckBox always = new CheckBox("Show this page at every start");
        always.setId("startAlways");
        always.setWrapText(true);
        always.setSelected(prefs.always());
        always.selectedProperty().addListener((o, a, on) -> prefs.setAlways(on));
        Label later = new Label("Help › Start Page opens it again.");
        later.getStyleClass().add("muted");
        later.setWrapText(true);
        VBox side = new VBox(8, start, empty, open, tour, new Region(), recentTitle, recent, grow, always, later);
        side.setId("startSide");
        side.getStyleClass().add("start-side");
        side.setPrefWidth(SIDE_WIDTH);
        return side;
    }

    /** Closes the page, then runs {@code action} (which may open a dialog of its own). */
    private void then(Runnable action) {
        stage.close();
        action.run();
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    /** The page's root (for tests and screenshots). */
    public BorderPane root() {
        return root;
    }
}
