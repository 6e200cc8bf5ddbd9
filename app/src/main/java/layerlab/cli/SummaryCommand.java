package layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import layerlab.graph.Graph;
import layerlab.graph.PyTorchSource;
import layerlab.graph.analysis.Analysis;
import layerlab.graph.analysis.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerlab summary PROJECT}: the model's table like torchinfo's (node, kind, output shape, parameters, FLOPs). */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a project's layer table: output shapes, parameter counts and FLOPs per sample (exit code 1 when the graph has "
                + "errors, as check's).")
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "a project file (.json)")
    Path project;

    @Option(names = "--pytorch", description = "also print the model as PyTorch code (the editor's Code tab)")
    boolean pytorch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Graph g = CheckCommand.load(project, err);
        if (g == null) return CliSupport.BAD_INPUT;
        Analysis a = Analysis.of(g);
        out.println(g.name() + (g.description().isEmpty() ? "" : ": " + g.description()));
        out.print(SummaryTable.render(a));
        if (pytorch) {
            // The Code tab's text (the exported script's classes): one generator for the window and the command line.
            out.println();
            out.print(PyTorchSource.of(g, a));
        }
        if (a.hasErrors()) {
            err.println(project + ": " + a.errors().size() + " error(s); run `" + CliSupport.program() + " check " + CliSupport.shellWord(project) + "` to see them");
            return CliSupport.FAILED;
        }
        return CliSupport.OK;
    }
}
