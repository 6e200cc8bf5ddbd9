package layerlab.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** The UI's classes alone (its classes folder or jar), as the engine's ArchitectureTest says why. */
@AnalyzeClasses(locations = UiArchitectureTest.UiClasses.class)
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

    static final class UiClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation()));
        }
    }
}
