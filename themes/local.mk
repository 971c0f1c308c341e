# theme files (issue: configuration and themes)
