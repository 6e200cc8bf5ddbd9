package layerlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import layerlab.tensor.Tensor;

/** The engine runs without a screen (the command line, servers, tests): it never reaches up into UI or app. */
@AnalyzeClasses(locations = ArchitectureTest.EngineClasses.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule engineIsFreeOfJavaFxUiAndApp = noClasses()
            .that().resideInAPackage("layerlab..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "layerlab.ui..", "layerlab.app..", "layerlab.cli..");

    /**
     * The engine's classes alone (its classes folder or jar): scanning the whole class path for the package, the JDK's
     * modules included, took most of the test's 9 s. What they refer to is not imported (archunit.properties): a rule on
     * the package of a class referred to needs only its name.
     */
    static final class EngineClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation()));
        }
    }
}
