"""Demo data for the Twente traject: invented organisations and synthetic stories."""
