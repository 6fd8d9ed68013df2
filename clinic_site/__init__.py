"""Build, check and authoring tools for the clinic blog."""
