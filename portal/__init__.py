"""The home pages, the top layer: the coordinators' dashboard, a manager's start page, the
municipality and consortium pages and the map that show every stage, the navigation, and the
demo data command. It reads every app below; none imports it."""
