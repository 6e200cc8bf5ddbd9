package layerlab.backend;
class Placeholder {}
