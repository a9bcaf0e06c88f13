"""Identity linkage: which known person an incoming partner record is about (Splink)."""
