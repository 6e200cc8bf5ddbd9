package layerlab.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.NodeInfo;
import layerlab.graph.analysis.Problem;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.ParamSpec;
import layerlab.graph.spec.Params;
import layerlab.graph.spec.PortSpec;
import layerlab.graph.spec.Registry;
import layerlab.graph.spec.TensorType;
import layerlab.ui.editor.Placement;
import layerlab.ui.editor.Ports;
import layerlab.ui.editor.ProblemsView;

/**
 * A node on the canvas: name, kind, key params, output shape and parameter count, with its ports on the left
 * (inputs) and right (outputs) and a badge when analysis found a problem. Fixed size, so port positions are known
 * without a layout pass (edges can be drawn before the card is ever shown).
 */
final class NodeCard extends Pane {
    static final double W = Placement.CARD_W, H = Placement.CARD_H;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass FROZEN = PseudoClass.getPseudoClass("frozen");

    private final String nodeId;
    private final Label name = new Label(), kind = new Label(), params = new Label(), shape = new Label(), count = new Label();
    private final Label badge = new Label();
    private final Tooltip badgeTip = new Tooltip();
    final List<PortDot> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    private Node node;
    private NodeInfo shownInfo;
    /** Whether the shown info's parameter count is known ({@link Analysis#countsKnown}). */
    private boolean countsKnown = true;
    private List<Problem> shownProblems = List.of();
    private boolean tipInstalled;
    /** Inside a placed block an Input takes what the placement is given, whatever its shape param says. */
    private final boolean placedBlockPort;

    NodeCard(Node node) {
        this(node, false);
    }

    /** @param placedBlockPort the card is in the definition of a placed block (its Input and Output are the block's ports) */
    NodeCard(Node node, boolean placedBlockPort) {
        this.placedBlockPort = placedBlockPort;
        this.nodeId = node.id();
        setId("node-" + node.id());
        getStyleClass().add("node-card");
        setPrefSize(W, H);
        setMinSize(W, H);
        setMaxSize(W, H);
        // Panning moves the picture of a card, not the card's shapes and text: drawn once, then copied.
        setCache(true);
        name.getStyleClass().add("node-name");
        // A long name keeps its end, which tells it from its siblings: …4_2_block_1_fc1, not features_4_2_bl… (an imported
        // model names its layers by their modules, every one under the same first few).
        name.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        kind.getStyleClass().add("node-kind");
        params.getStyleClass().add("node-params");
        shape.getStyleClass().add("node-shape");
        count.getStyleClass().add("node-count");
        badge.getStyleClass().add("node-badge");
        badge.setId("badge-" + node.id());
        badge.setVisible(false);
        badgeTip.setShowDelay(Duration.millis(150));
        badgeTip.setWrapText(true);
        badgeTip.setMaxWidth(360);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(4, name, spacer, badge);
        header.getStyleClass().add("node-header");
        VBox body = new VBox(1, header, kind, params, shape, count);
        body.getStyleClass().add("node-body");
        body.setPrefSize(W, H);
        body.resize(W, H);
        for (Label l : List.of(name, kind, params, shape, count)) l.setMaxWidth(W - 24);
        getChildren().add(body);
        setNode(node);
    }

    String nodeId() {
        return nodeId;
    }

    Node node() {
        return node;
    }

    void setNode(Node n) {
        node = n;
        name.setText(n.name());
        LayerSpec spec = Registry.find(n.kind());
        String shown = n.kind().equals(Registry.BLOCK) && n.param("block") instanceof String b ? b : n.kind();
        kind.setText(shown);
        getStyleClass().removeIf(c -> c.startsWith("cat-"));
        getStyleClass().add(categoryClass(spec == null ? null : spec.category()));
        relocate(n.position().x(), n.position().y());
        pseudoClassStateChanged(FROZEN, n.frozen());
        showCount();
        describe();
    }

    /** What a screen reader says of the card: what it shows, in words, and its problems. */
    private void describe() {
        List<String> parts = new ArrayList<>(List.of(name.getText(), kind.getText()));
        if (!params.getText().isEmpty()) parts.add(params.getText());
        if (shownInfo != null) parts.add("output " + shape.getText().replace("→ ", ""));
        if (!count.getText().isEmpty()) parts.add(count.getText());
        for (Problem p : shownProblems) parts.add((p.isError() ? "error: " : "warning: ") + p);
        setAccessibleText(String.join(", ", parts));
    }

    /**
     * The parameter count, whether those weights are frozen, and their initialiser when not PyTorch's default ("320 params ·
     * kaiming_normal"; neither changes a shape, so no new info comes).
     */
    private void showCount() {
        if (shownInfo == null) return;
        long p = shownInfo.params();
        var init = node.init("weight") != null ? node.init("weight") : node.init("bias");
        if (!countsKnown) {
            count.setText("? params");
            return;
        }
        count.setText(p == 0 ? "no parameters" : String.format(Locale.ROOT, "%,d params", p) + (node.frozen() ? " · frozen" : "")
                + (init == null ? "" : " · " + init.name()));
    }

    static String categoryClass(Category c) {
        return c == null ? "cat-unknown" : "cat-" + c.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void setSelected(boolean on) {
        pseudoClassStateChanged(SELECTED, on);
    }

    /** Rebuilds the ports (they follow params: a Bilinear has two inputs, a block its Input nodes). */
    void setPorts(List<PortSpec> ins, List<PortSpec> outs) {
        getChildren().removeAll(inputs);
        getChildren().removeAll(outputs);
        inputs.clear();
        outputs.clear();
        for (PortSpec p : ins) inputs.add(new PortDot(this, p, true));
        for (PortSpec p : outs) outputs.add(new PortDot(this, p, false));
        for (int i = 0; i < inputs.size(); i++) {
            PortDot d = inputs.get(i);
            d.setCenterX(0);
            d.setCenterY(portY(i, inputs.size()));
            Tooltip.install(d, new Tooltip(d.spec.name() + ": " + d.spec.type().description()));
        }
        for (int i = 0; i < outputs.size(); i++) {
            PortDot d = outputs.get(i);
            d.setCenterX(W);
            d.setCenterY(portY(i, outputs.size()));
            Tooltip.install(d, new Tooltip(d.spec.name() + ": " + d.spec.type().description()));
        }
        getChildren().addAll(inputs);
        getChildren().addAll(outputs);
    }

    static double portY(int i, int n) {
        return H * (i + 1) / (n + 1);
    }

    PortDot port(String name, boolean input) {
        for (PortDot d : input ? inputs : outputs) if (d.spec.name().equals(name)) return d;
        return null;
    }

    /** Where a port's wire attaches, in world coordinates (a port the card does not show: its side's middle). */
    Point2D anchor(String port, boolean input) {
        List<PortDot> list = input ? inputs : outputs;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).spec.name().equals(port)) return new Point2D(getLayoutX() + (input ? 0 : W), getLayoutY() + portY(i, list.size()));
        }
        return new Point2D(getLayoutX() + (input ? 0 : W), getLayoutY() + H / 2);
    }

    /**
     * Shows what analysis found, and the node's problems {@code ps} (analysis's and the data set's); a no-op when neither
     * changed. True when the ports were rebuilt.
     */
    boolean setInfo(Graph g, Analysis a, List<Problem> ps) {
        NodeInfo info = a.info(nodeId);
        if (info == shownInfo && ps.equals(shownProblems)) return false;
        shownInfo = info;
        countsKnown = a.countsKnown(nodeId);
        shownProblems = ps;
        List<PortSpec> ins = Ports.inputs(g, a, node), outs = Ports.outputs(g, a, node);
        boolean portsChanged = !ins.equals(inputs.stream().map(d -> d.spec).toList()) || !outs.equals(outputs.stream().map(d -> d.spec).toList());
        if (portsChanged) setPorts(ins, outs);
        params.setText(keyParams(g, a));
        TensorType shown = shownShape(node, info);
        shape.setText("→ " + (shown == null ? "?" : shown.describe()));
        showCount();
        boolean error = ps.stream().anyMatch(Problem::isError);
        badge.setVisible(!ps.isEmpty());
        badge.setText(ProblemsView.mark(error));
        // Installed only on a card that has problems: a thousand idle tooltip handlers slow a large graph down.
        if (!ps.isEmpty() && !tipInstalled) {
            Tooltip.install(badge, badgeTip);
            tipInstalled = true;
        }
        badgeTip.setText(String.join("\n", ps.stream().map(Problem::toString).toList()));
        pseudoClassStateChanged(ERROR, error);
        pseudoClassStateChanged(WARNING, !error && !ps.isEmpty());
        describe();
        return portsChanged;
    }

    /**
     * The shape a card shows: its main output's, or for an Output node (which has no output port) the shape it
     * hands out of the model, which is what it receives; null when unknown (a layer whose output cannot be worked
     * out shows "?", not what it was given).
     */
    static TensorType shownShape(Node node, NodeInfo info) {
        if (!"Output".equals(node.kind())) return info.mainOutput();
        return info.inputTypes().isEmpty() ? null : info.inputTypes().get(0);
    }

    /** Makes the next {@link #setInfo} redraw (a block definition changed under a placement). */
    void forgetInfo() {
        shownInfo = null;
    }

    /** The node as its constructor's arguments ({@code 1, 32, kernel_size=3, padding=1}), the way PyTorch code shows it. */
    private String keyParams(Graph g, Analysis a) {
        if (placedBlockPort && "Input".equals(node.kind())) return "block input";
        if (placedBlockPort && "Output".equals(node.kind())) return "block output";
        LayerSpec spec = Registry.find(node.kind());
        if (spec == null) return "";
        boolean lengths = g.incoming(nodeId).stream().anyMatch(e -> e.toPort().equals("lengths"));
        return paramsText(spec, a.params(nodeId), lengths);
    }

    /**
     * A card's params line: the arguments of the kind's PyTorch text ({@code 4, 64}), or "" when it cannot be written;
     * with {@code lengths} connected, what the kind then computes (LastStep: {@code out[n, lengths[n]-1]}).
     */
    static String paramsText(LayerSpec spec, Params p, boolean lengths) {
        try {
            String t = spec.torch(shownParams(spec, p), lengths);
            int open = t.indexOf('('), close = t.lastIndexOf(')');
            if (t.startsWith("nn.") && open > 0 && close > open) return t.substring(open + 1, close);
            return t.startsWith("#") ? t.substring(1).trim() : t;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** What a card's params read: PyTorch's text, with "?" for a shape-filled param whose input shape is not known yet ("?, 64", not "None, 64"). */
    private static Params shownParams(LayerSpec spec, Params p) {
        return new Params() {
            @Override
            public Object value(String name) {
                Object v = p.value(name);
                if (v != null) return v;
                ParamSpec ps = spec.param(name);
                return ps != null && ps.auto() ? UNKNOWN : null;
            }

            @Override
            public boolean isSet(String name) {
                return p.isSet(name);
            }
        };
    }

    /** Written as {@code ?} by PyTorch's text (a value it writes with {@code String.valueOf}). */
    private static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "?";
        }
    };

    Tooltip badgeTooltip() {
        return badgeTip;
    }

    Label badge() {
        return badge;
    }

    String shapeText() {
        return shape.getText();
    }
}
