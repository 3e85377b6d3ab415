"""Audio: decoding narration clips and (later) the real-time player. Never imports Qt."""
