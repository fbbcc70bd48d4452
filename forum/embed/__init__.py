"""Forum's discussions on pages it does not host: registered sites, the embedded threads, the
script's host-page contract and the no-script page of each thread."""
