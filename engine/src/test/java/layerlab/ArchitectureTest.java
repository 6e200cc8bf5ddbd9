package layerlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine runs without a screen (the command line, servers, tests): it never reaches up into UI or app. */
@AnalyzeClasses(packages = "layerlab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule engineIsFreeOfJavaFxUiAndApp = noClasses()
            .that().resideInAPackage("layerlab..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "layerlab.ui..", "layerlab.app..", "layerlab.cli..");
}
