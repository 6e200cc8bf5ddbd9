package layerlab.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Code tab's comments wrapped to its width; its code lines never. */
class CommentWrapTest {
    @Test
    void longCommentsWrapAtTheirIndentAndCodeStaysWhole() {
        String code = "# Losses (used by the training loop, not by forward):\n"
                + "# - Linear \"fc4\": its input is not connected; connect it.\n"
                + "        self.fc1 = nn.Linear(2, 32)  # a long trailing note about it\n"
                + "        self.conv1 = nn.Conv2d(1, 32, 3, padding=1, padding_mode='zeros')\n"
                + "    # short\n";
        assertEquals("# Losses (used by the training\n"
                + "# loop, not by forward):\n"
                + "# - Linear \"fc4\": its input is\n"
                + "#   not connected; connect it.\n"
                + "        # a long trailing note\n"
                + "        # about it\n"
                + "        self.fc1 = nn.Linear(2, 32)\n"
                + "        self.conv1 = nn.Conv2d(1, 32, 3, padding=1, padding_mode='zeros')\n"
                + "    # short\n", CommentWrap.wrap(code, 32));
        assertEquals(code, CommentWrap.wrap(code, 200), "wide enough: as written");
    }
}
