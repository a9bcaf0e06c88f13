"""The workforce: the establishment of posts, who fills them, starters, leavers and absence,
and the figures leaders, inspectors and the DfE's workforce census ask for (docs/workforce.md)."""
