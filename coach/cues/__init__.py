"""Sound and voice cues for a session: the schedule of cues, the sounds, and the player.

The app needs only `create_cue_player` (see coach/cues/player.py for how it is wired).
"""

from coach.cues.player import NO_DEVICE, CuePlayer, create_cue_player

__all__ = ["NO_DEVICE", "CuePlayer", "create_cue_player"]
