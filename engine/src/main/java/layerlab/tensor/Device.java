package layerlab.tensor;

/** Where a tensor's storage lives. A model and its data always live on one device. */
public record Device(Kind kind, int index) {
    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda}, {@code cuda:1}. */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda") || t.equals("gpu")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "' (expected cpu, cuda or cuda:N)");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
