"""Around the plugin manager: the plugins admin page, the `forum plugins` commands, saved on/off
states and the record of plugins' repeated failures."""
