package layerlab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = {"layerlab.app", "layerlab.cli"}, importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {
    /** `layerlab <anything>` must work without a display, so the command line never touches JavaFX. */
    @ArchTest
    static final ArchRule commandLineIsFreeOfJavaFx = noClasses()
            .that().resideInAPackage("layerlab.cli..").or().belongToAnyOf(Main.class)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");
}
