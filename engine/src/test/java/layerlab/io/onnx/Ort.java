package layerlab.io.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import layerlab.tensor.DType;
import layerlab.tensor.Tensor;

/** Runs an ONNX model with ONNX Runtime on LayerLab tensors (float32 outputs, and int64 ones as int64 tensors). */
final class Ort {
    private Ort() {
    }

    static Map<String, Tensor> run(byte[] model, Map<String, Tensor> feeds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, opts)) {
                Map<String, OnnxTensor> in = new LinkedHashMap<>();
                try {
                    for (var e : feeds.entrySet()) {
                        Tensor t = e.getValue();
                        long[] shape = new long[t.dim()];
                        for (int i = 0; i < shape.length; i++) shape[i] = t.size(i);
                        in.put(e.getKey(), t.dtype() == DType.INT64 ? OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongArray()), shape)
                                : OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()), shape));
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    try (OrtSession.Result r = s.run(in)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            OnnxTensor t = (OnnxTensor) e.getValue();
                            long[] shape = t.getInfo().getShape();
                            int[] dims = new int[shape.length];
                            for (int i = 0; i < dims.length; i++) dims[i] = (int) shape[i];
                            if (t.getInfo().type == OnnxJavaType.INT64) {
                                LongBuffer lb = t.getLongBuffer();
                                long[] ids = new long[lb.remaining()];
                                lb.get(ids);
                                out.put(e.getKey(), Tensor.ofLongs(ids, dims));
                                continue;
                            }
                            FloatBuffer fb = t.getFloatBuffer();
                            float[] data = new float[fb.remaining()];
                            fb.get(data);
                            out.put(e.getKey(), Tensor.of(data, dims));
                        }
                    }
                    return out;
                } finally {
                    for (OnnxTensor t : in.values()) t.close();
                }
            }
        }
    }
}
