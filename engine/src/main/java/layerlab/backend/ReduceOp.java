package layerlab.backend;

/** Reductions over one axis. MAX/MIN also report the index of the winner (the first one, like PyTorch's CPU). */
public enum ReduceOp { SUM, MEAN, MAX, MIN }
