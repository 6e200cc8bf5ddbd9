package layerlab.ui.shell;

import layerlab.ui.canvas.CanvasView;
import layerlab.ui.editor.Blocks;
import layerlab.ui.editor.Commands;
import layerlab.ui.editor.EditorModel;
import layerlab.ui.palette.PaletteCatalog;
import layerlab.ui.palette.PaletteView;

/**
 * How the palette acts on the canvas: an entry dropped (or clicked) adds its layer there, dragged over it shows where it
 * would land; a block's entry opens, deletes or says whether it is placed.
 */
final class PaletteLinks {
    private PaletteLinks() {
    }

    static void connect(PaletteView palette, CanvasView canvas, EditorModel editor) {
        palette.setDropTarget(new PaletteView.DropTarget() {
            @Override
            public boolean drop(PaletteCatalog.Entry entry, double x, double y, boolean click) {
                if (click) {
                    canvas.addFromPalette(entry.kind(), entry.block());
                    return true;
                }
                return canvas.dropKind(entry.kind(), entry.block(), x, y);
            }

            @Override
            public void hover(PaletteCatalog.Entry entry, double x, double y) {
                canvas.dragKindOver(entry == null ? null : entry.name(), x, y);
            }
        });
        palette.setBlockActions(new PaletteView.BlockActions() {
            @Override
            public void edit(String block) {
                canvas.closeBlock();
                canvas.openDefinition(block);
            }

            @Override
            public void delete(String block) {
                editor.executeOnProject(Commands.deleteBlock(block));
            }

            @Override
            public boolean placed(String block) {
                return Blocks.placed(editor.graph(), block);
            }
        });
    }
}
