package layerlab.backend.cuda;

import jcuda.driver.CUdeviceptr;

/** A device pointer whose raw address we can read (kernel arguments are passed as plain 64-bit addresses). */
final class DevPtr extends CUdeviceptr {
    long address() {
        return getNativePointer();
    }
}
