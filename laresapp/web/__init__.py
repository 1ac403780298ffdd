"""What every blueprint shares: page-or-fragment rendering, error pages, asset URLs, and
every Jinja filter and global, registered in one place."""
