"""What makes the site an installable offline app: manifest, service worker, offline pages."""
