package layerlab.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "layerlab.ui", importOptions = ImportOption.DoNotIncludeTests.class)
class UiArchitectureTest {
    @ArchTest
    static final ArchRule uiNeverDependsOnTheApp = noClasses()
            .that().resideInAPackage("layerlab.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("layerlab.app..", "layerlab.cli..");

    /** The command line prints BuildInfo, and must not load JavaFX to do so. */
    @ArchTest
    static final ArchRule buildInfoIsFreeOfJavaFx = noClasses()
            .that().belongToAnyOf(BuildInfo.class)
            .should().dependOnClassesThat().resideInAPackage("javafx..");
}
