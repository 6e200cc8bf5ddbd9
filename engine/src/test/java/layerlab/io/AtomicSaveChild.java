package layerlab.io;

import java.nio.file.Path;
import java.util.Map;
import layerlab.tensor.Tensor;

/**
 * The process {@link AtomicSaveKillTest} kills: saves a large safetensors file over and over, every element of
 * version {@code v} equal to {@code v}, saying "saving v" before each save and "saved v" after it.
 * Arguments: the file, the number of floats, the first version.
 */
public final class AtomicSaveChild {
    private AtomicSaveChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Tensor t = Tensor.zeros(Integer.parseInt(args[1]));
        for (int v = Integer.parseInt(args[2]); ; v++) {
            t.fill_(v);
            System.out.println("saving " + v);
            System.out.flush();
            Safetensors.save(file, Map.of("w", t), Map.of("version", Integer.toString(v)));
            System.out.println("saved " + v);
            System.out.flush();
        }
    }
}
