package layerlab.ui.train;

import static layerlab.ui.TestWindows.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import layerlab.data.Vocabulary;
import layerlab.tensor.Tensor;
import layerlab.train.Evaluator;
import layerlab.train.Predictions;
import layerlab.ui.TestWindows;
import layerlab.ui.WindowTest;
import layerlab.ui.shell.MainWindow;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A text model in the window, as a person uses it: the surname sample's data shown as surnames with their vocabulary,
 * the text source's options, and after a short run a surname typed into Results › Try a sample, the misclassified
 * surnames as text, and the inspector naming the inspected surname.
 */
class TextModelTest extends WindowTest {
    private static final List<String> LANGUAGES = List.of("Czech", "English", "German", "Italian", "Polish", "Romanian", "Spanish", "Turkish");

    @Override
    protected MainWindow open(Stage stage) throws Exception {
        return TestWindows.open(stage, dir.resolve("recovery.json"), 1260, 790);
    }

    private Dashboard openSurnames(FxRobot robot) throws Exception {
        robot.interact(() -> window.openSampleAtStart("surname-classifier.json"));
        Dashboard d = window.dashboard();
        TestWindows.showDashboard(robot, d);
        return d;
    }

    /** Trains the surname sample for two epochs from the dashboard's Start. */
    private void train(FxRobot robot, Dashboard d) throws Exception {
        TextField epochs = robot.lookup("#train-epochs").queryAs(TextField.class);
        robot.interact(() -> {
            epochs.setText("2");
            epochs.getOnAction().handle(new javafx.event.ActionEvent());
        });
        robot.clickOn("#trainStart");
        waitFor("trained (" + d.session().statusProperty().get() + ")", () -> d.session().state() == TrainingSession.State.FINISHED);
    }

    /** Scrolls {@code pane} as a person would, until {@code n} is at the top of its view (or the end is). */
    private static void scrollTo(FxRobot robot, javafx.scene.control.ScrollPane pane, Node n) {
        robot.interact(() -> {
            double content = pane.getContent().getBoundsInLocal().getHeight(), view = pane.getViewportBounds().getHeight();
            double y = pane.getContent().sceneToLocal(n.localToScene(0, 0)).getY();
            pane.setVvalue(content <= view ? 0 : Math.min(1, y / (content - view)));
        });
    }

    /** The shown menu's item that reads {@code text}, or null. */
    private static Node menuItem(FxRobot robot, String text) {
        return robot.lookup(".context-menu .menu-item").match((Node n) -> n instanceof javafx.scene.Parent p && p.getChildrenUnmodifiable().stream()
                .anyMatch(c -> c instanceof javafx.scene.control.Labeled l && text.equals(l.getText()))).tryQuery().orElse(null);
    }

    private static double percent(Node row) {
        String t = ((Label) ((HBox) row).getChildren().get(0)).getText().trim();
        return Double.parseDouble(t.substring(t.lastIndexOf(' ') + 1, t.length() - 1));
    }

    /** The class the probabilities' first bold row names: the likeliest. */
    private static String likeliest(Dashboard d) {
        for (Node row : d.results().trySample().probabilities().getChildren()) {
            Label l = (Label) ((HBox) row).getChildren().get(0);
            if (l.getStyle().contains("bold")) return l.getText().split(" ")[0];
        }
        return null;
    }

    @Test
    void aSurnameTypedIntoTrySampleGetsTheModelsProbabilities(FxRobot robot) throws Exception {
        Dashboard d = openSurnames(robot);
        train(robot, d);
        robot.interact(() -> d.tabs().getSelectionModel().select(3));
        waitFor("Try a sample with a surname", () -> robot.lookup("#tryText").tryQuery().map(Node::isVisible).orElse(false)
                && !d.results().trySample().probabilities().getChildren().isEmpty());
        TextField text = robot.lookup("#tryText").queryAs(TextField.class);
        assertEquals("Type a surname", text.getPromptText(), "asked for after the Input's name");
        assertFalse(robot.lookup("#tryFields").query().isVisible(), "no field per token id");
        // Prefilled with a validation sample's surname, as letters.
        Vocabulary v = d.session().data().train().vocabulary();
        assertNotNull(v);
        assertEquals(v.decode(d.session().data().validation().batch(new int[] {0}).inputs().toFloatArray(), 0), text.getText());
        assertTrue(text.getText().matches("[\\p{L}' -]+"), text.getText());

        robot.clickOn("#tryText");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write("Nakamura");
        robot.type(KeyCode.ENTER);
        Evaluator trained = d.session().finished().evaluator();
        float[] ids = new float[v.length()];
        v.encode("Nakamura", ids, 0);
        float[] expected = Predictions.probabilities(trained.predict(Tensor.of(ids, 1, ids.length), 1), trained.task()).toFloatArray();
        waitFor("the typed surname's probabilities", () -> Arrays.equals(expected, d.results().lastProbabilities()));
        assertEquals(8, d.results().trySample().probabilities().getChildren().size(), "a bar per language");
        // Likeliest first, so that the answer is in view above the fold: the rows' percentages fall.
        List<Node> rows = d.results().trySample().probabilities().getChildren();
        assertTrue(((Label) ((HBox) rows.get(0)).getChildren().get(0)).getStyle().contains("bold"), "the likeliest on top");
        for (int r = 1; r < rows.size(); r++)
            assertTrue(percent(rows.get(r - 1)) >= percent(rows.get(r)), "rows in falling order at " + r);
        assertTrue(LANGUAGES.contains(likeliest(d)), likeliest(d));
        assertEquals(d.session().data().train().classNames().get(Predictions.best(expected)), likeliest(d));
        assertFalse(robot.lookup("#tryTextNote").query().isManaged(), "nothing to say about a surname of known letters");
        // What swayed it: a letter each, on green or red, the engine's shares for the likeliest language.
        waitFor("the letters' shares", () -> d.results().trySample().shares().shown() != null
                && Arrays.equals(ids, d.results().trySample().shares().shown().ids()));
        layerlab.train.TokenShares shares = d.results().trySample().shares().shown();
        assertEquals(Predictions.best(expected), shares.cls());
        layerlab.train.TokenShares want = layerlab.train.TokenShares.integrated(trained, Tensor.of(ids, ids.length), shares.cls(), layerlab.train.TokenShares.STEPS);
        assertArrayEquals(want.shares(), shares.shares(), 1e-6f);
        List<Node> letters = d.results().trySample().shares().tokens();
        assertEquals(v.decode(ids, 0), letters.stream().map(n -> ((Label) n).getText()).collect(java.util.stream.Collectors.joining()));
        int at = ids.length - 8; // the text is padded on the left
        for (int k = 0; k < 8; k++) {
            float share = shares.shares()[at + k];
            assertTrue(letters.get(k).getStyle().contains(share >= 0 ? "rgba(44, 160, 44" : "rgba(214, 39, 40"), "letter " + k + " " + share);
            assertTrue(((Label) letters.get(k)).getTooltip().getText().contains(String.format(java.util.Locale.ROOT, "%+.3g", share)));
        }
        assertEquals("What swayed “" + likeliest(d) + "”", robot.lookup("#tokenSharesCaption").queryLabeled().getText());
        assertTrue(robot.lookup("#tokenSharesTotal").queryLabeled().getText().contains(String.format(java.util.Locale.ROOT, "(%.3g) to this one (%.3g)",
                shares.baselineScore(), shares.score())));
        scrollTo(robot, d.results(), text);
        shot(robot, "dashboard-text.png");

        // A letter the surnames never had is said, and read as <unk>.
        robot.interact(() -> text.setText("Großmann"));
        robot.clickOn("#tryText");
        robot.type(KeyCode.ENTER);
        waitFor("the note", () -> robot.lookup("#tryTextNote").queryLabeled().getText().startsWith("ß is not in the vocabulary"));
        robot.interact(() -> text.setText(""));
        robot.clickOn("#tryPredict");
        assertEquals("Type a surname first.", robot.lookup("#tryError").queryLabeled().getText());
        assertFalse(robot.lookup("#tokenShares").query().isVisible(), "no shares without a text");

        // Eight languages cut the matrix's headers short ("Cz…"): the headers and cells say whose they are.
        Label cell = robot.lookup("#cm-1-2").queryAs(Label.class);
        assertTrue(cell.getTooltip().getText().matches(cell.getText() + " samples? of English predicted as German \\(click, or Enter, to see them\\)"),
                cell.getTooltip().getText());

        // The misclassified surnames show as letters, not token ids; one clicked is tried.
        scrollTo(robot, d.results(), robot.lookup("#resultsMisclassified").query());
        robot.clickOn("#resultsMisclassified");
        waitFor("misclassified samples", () -> !d.results().gallery().getChildren().isEmpty());
        Label first = (Label) d.results().gallery().getChildren().get(0);
        assertTrue(first.getText().matches("#\\d+ “[\\p{L}' -]+”  \\p{L}+→\\p{L}+"), first.getText());
        assertFalse(first.getText().contains("tokens"), first.getText());
        int i = Integer.parseInt(first.getText().substring(1, first.getText().indexOf(' ')));
        String surname = first.getText().substring(first.getText().indexOf('“') + 1, first.getText().indexOf('”'));
        var e = d.results().evaluation();
        assertEquals(v.decode(e.features(), i * v.length()), surname);
        scrollTo(robot, d.results(), first);
        robot.clickOn(first);
        assertEquals(surname, text.getText());

        // Predict new samples: a text file of surnames, each read with the model's vocabulary, named by its text.
        assertEquals("A folder of texts…", robot.lookup("#predictFolder").queryButton().getText());
        Path names = dir.resolve("names.txt");
        Files.writeString(names, "Nakamura\n\nKowalski\n");
        robot.interact(() -> d.results().predictPane().predict(names));
        waitFor("the file's predictions", () -> d.results().predictPane().predictions() != null);
        layerlab.train.PredictionTable table = d.results().predictPane().predictions();
        assertEquals(List.of("Nakamura", "Kowalski"), List.of(table.sampleText(0), table.sampleText(1)));
        assertEquals(List.of("line 1", "line 3"), List.of(table.sample(0), table.sample(1)));
        assertEquals("text", d.results().predictPane().table().getColumns().get(0).getText());
        assertEquals("Nakamura", d.results().predictPane().table().getColumns().get(0).getCellData(0));
        assertEquals(d.session().data().train().classNames().get(Predictions.best(expected)), table.predicted(0), "as Try a sample predicted it");
        assertEquals(expected[Predictions.best(expected)], table.probability(0), 1e-6);

        // The inspector names the surname it shows the Embedding's steps of.
        robot.interact(() -> window.editor().select(List.of(window.editor().graph().nodeByName("embedding").id())));
        robot.interact(() -> d.tabs().getSelectionModel().select(2));
        waitFor("the embedding's activations", () -> !d.inspector().activations().getChildren().isEmpty());
        String note = TestWindows.labelText(robot, "#inspectActivationNote");
        String inspected = v.decode(d.session().data().validation().batch(new int[] {0}).inputs().toFloatArray(), 0);
        assertTrue(note.startsWith("24 steps × 32 features (sample 0: “" + inspected + "”, its first " + (24 - inspected.length()) + " steps padding)"),
                note);
        var output = d.inspector().table().getItems().stream().filter(r -> r.name().equals("embedding output (eval)")).findFirst().orElseThrow();
        assertFalse(output.extra().startsWith("dead"), "no dead units for an Embedding (its padding steps are 0, not dead): " + output.extra());
    }

    @Test
    void theDataTabShowsTextsAndTheTextSourcesOptions(FxRobot robot) throws Exception {
        Dashboard d = openSurnames(robot);
        robot.interact(() -> d.tabs().getSelectionModel().select(1));
        waitFor("the texts", () -> d.data().lookup("#dataTexts") != null);
        // The training names' vocabulary: the whole set's 64 tokens less the two that only validation names hold.
        assertTrue(robot.lookup("#dataVocabulary").queryLabeled().getText().startsWith("Vocabulary: characters (lower-cased), 62 tokens, 24 a text."),
                robot.lookup("#dataVocabulary").queryLabeled().getText());
        TableView<?> table = robot.lookup("#dataTexts").queryAs(TableView.class);
        assertEquals(List.of("target", "text", "characters"), table.getColumns().stream().map(c -> c.getText()).toList());
        String surname = String.valueOf(table.getColumns().get(1).getCellData(0));
        assertTrue(surname.matches("[\\p{L}' -]+"), surname);
        assertTrue(LANGUAGES.contains(String.valueOf(table.getColumns().get(0).getCellData(0))));
        assertEquals(String.valueOf(surname.length()), String.valueOf(table.getColumns().get(2).getCellData(0)));

        // A file of one's own: the text source, its options' defaults, a browse menu for a file or a folder of class folders.
        Path csv = Files.writeString(dir.resolve("reviews.csv"), "review,label\nA fine film,good\nA dull film!,bad\nFine and bright,good\nDull,bad\n");
        @SuppressWarnings("unchecked")
        ComboBox<String> source = robot.lookup("#dataSource").queryAs(ComboBox.class);
        robot.interact(() -> source.setValue("text"));
        assertEquals("words", robot.lookup("#data-tokenize").queryAs(TextField.class).getPromptText());
        assertEquals("true", robot.lookup("#data-lowercase").queryAs(TextField.class).getPromptText());
        robot.clickOn("#data-browse-path");
        waitFor("the browse menu", () -> robot.lookup("#data-browse-path-folder").tryQuery().isPresent()
                || robot.lookup(".context-menu").tryQuery().isPresent());
        robot.type(KeyCode.ESCAPE);
        robot.interact(() -> robot.lookup("#data-path").queryAs(TextField.class).setText(csv.toString()));
        // lowercase and tokenize take a few words: a menu beside the field offers them.
        assertEquals(null, d.data().lookup("#data-choose-length"), "a number has no menu");
        robot.clickOn("#data-choose-lowercase");
        waitFor("the values of lowercase", () -> menuItem(robot, "false") != null);
        robot.clickOn(menuItem(robot, "false"));
        assertEquals("false", robot.lookup("#data-lowercase").queryAs(TextField.class).getText());
        robot.clickOn("#data-length").write("5");
        // padding: left (the default) or right, for a model that masks it with a Lengths node.
        assertEquals("left", robot.lookup("#data-padding").queryAs(TextField.class).getPromptText());
        Node choosePadding = robot.lookup("#data-choose-padding").query();
        for (Node n = choosePadding; n != null; n = n.getParent())
            if (n instanceof javafx.scene.control.ScrollPane pane) {
                scrollTo(robot, pane, choosePadding);
                break;
            }
        robot.clickOn(choosePadding);
        waitFor("the sides", () -> menuItem(robot, "right") != null);
        robot.clickOn(menuItem(robot, "right"));
        robot.interact(() -> d.data().apply());
        waitFor("the reviews", () -> robot.lookup("#dataVocabulary").queryLabeled().getText().startsWith("Vocabulary: words, "));
        assertEquals("right", window.editor().graph().dataset().get("padding"));
        // A, fine, film, Fine, and, bright, Dull: "Fine" and "fine" are two tokens when not lower-cased; "dull" and "!" are
        // not, for "A dull film!" is the one review the sample's validation split (kept, 0.2) holds out: the vocabulary is
        // the training texts'. So none of the training texts' tokens is <unk>, and two of that review's four are.
        assertEquals(0.2, window.editor().graph().dataset().get("validation_split"));
        assertTrue(robot.lookup("#dataVocabulary").queryLabeled().getText().startsWith("Vocabulary: words, 9 tokens, 5 a text, padded on the right. "
                        + "<unk> stands for 0.0% of the training texts' tokens and 50.0% of the validation texts'. Commonest: A fine film Fine and bright Dull"),
                robot.lookup("#dataVocabulary").queryLabeled().getText());
        assertEquals(false, window.editor().graph().dataset().get("lowercase"));
        assertEquals("text", window.editor().graph().dataset().get("source"));
    }

    private void shot(FxRobot robot, String name) throws Exception {
        TestWindows.screenshot(robot, stage, name);
    }
}
