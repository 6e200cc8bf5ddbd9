package layerlab.ui.inspect;

import layerlab.data.Dataset;

/**
 * A text sample as the inspector's activation notes name it: "“nakamura”", after {@code padding} steps of padding
 * (before them, {@code trailing}), of {@code length} steps in all.
 */
record SampleText(String text, int padding, boolean trailing, int length) {
    /** Sample {@code i} of {@code ds}, a text set's. */
    static SampleText of(Dataset ds, int i) {
        float[] ids = ds.batch(new int[] {i}).inputs().toFloatArray();
        boolean trailing = ds.vocabulary().padding() == layerlab.data.Vocabulary.Padding.RIGHT;
        int padding = 0;
        while (padding < ids.length && ids[trailing ? ids.length - 1 - padding : padding] == layerlab.data.Vocabulary.PAD_ID) padding++;
        return new SampleText(Numbers.text(ds.vocabulary(), ids, 0, 40), padding, trailing, ids.length);
    }
}
