package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import layerlab.graph.Graph;
import layerlab.graph.Node;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.SummaryTable;
import layerlab.graph.spec.Category;
import layerlab.graph.spec.LayerSpec;
import layerlab.graph.spec.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerlab summary PROJECT}: the model's table like torchinfo's (node, kind, output shape, parameters, FLOPs). */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a project's layer table: output shapes, parameter counts and FLOPs per sample.")
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "a project file (.json)")
    Path project;

    @Option(names = "--pytorch", description = "also print each layer as PyTorch code")
    boolean pytorch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Graph g = CheckCommand.load(project, err);
        if (g == null) return 1;
        Analysis a = Analysis.of(g);
        out.println(g.name() + (g.description().isEmpty() ? "" : ": " + g.description()));
        out.print(SummaryTable.render(a));
        if (pytorch) {
            out.println();
            for (Node n : g.nodes()) {
                LayerSpec s = Registry.find(n.kind());
                if (s == null || n.kind().equals("Input") || n.kind().equals("Output")) continue;
                String text;
                try {
                    text = s.torch(a.params(n.id()));
                } catch (RuntimeException e) {
                    out.println("# " + n.name() + ": " + n.kind() + " has problems; see layerlab check");
                    continue;
                }
                if (s.category() == Category.LOSS) out.println(n.name() + "_fn = " + text);
                else if (text.startsWith("nn.") || n.kind().equals(Registry.BLOCK)) out.println("self." + n.name() + " = " + text);
                else out.println("# " + n.name() + ": " + text + "  (in forward)");
            }
        }
        if (a.hasErrors()) err.println(project + ": " + a.errors().size() + " error(s); run `layerlab check " + project + "` to see them");
        return 0;
    }
}
