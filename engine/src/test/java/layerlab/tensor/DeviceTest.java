package layerlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What names a device: one rule for the engine, {@code --device} and {@code training.device}. */
class DeviceTest {
    @Test
    void cpuCudaAndNumberedCudaParseInAnyCaseWithSpaces() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.CPU, Device.parse(" CPU "));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(0), Device.parse("CUDA:0"));
        assertEquals(Device.cuda(3), Device.parse("cuda:3"));
        assertEquals("cuda:3", Device.parse("cuda:3").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cuda:", "cuda:x", "cuda0", "cuda:-1", "cuda:+1", "cpu0", "cuda:99999999999", "", "auto"})
    void anythingElseIsRefusedNamingTheForms(String text) {
        assertFalse(Device.isDevice(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse(text));
        assertEquals("unknown device '" + text + "' (expected cpu, cuda or cuda:N)", e.getMessage());
    }

    @Test
    void isDeviceAgreesWithParse() {
        assertTrue(Device.isDevice("cuda:12"));
    }
}
