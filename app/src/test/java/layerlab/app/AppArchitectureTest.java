package layerlab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** The app's classes alone (its classes folder or jar), as the engine's ArchitectureTest says why. */
@AnalyzeClasses(locations = AppArchitectureTest.AppClasses.class)
class AppArchitectureTest {
    /** `layerlab <anything>` must work without a display, so the command line never touches JavaFX. */
    @ArchTest
    static final ArchRule commandLineIsFreeOfJavaFx = noClasses()
            .that().resideInAPackage("layerlab.cli..").or().belongToAnyOf(Main.class)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    static final class AppClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(Main.class.getProtectionDomain().getCodeSource().getLocation()));
        }
    }
}
