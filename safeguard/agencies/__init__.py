"""The multi-agency hub: partner organisations, their users and tokens, the partner API and
what partners send."""
