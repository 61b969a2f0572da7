"""What the tests and the benchmarks drive the dashboard with (they share it, and import
nothing from each other): `browser` (its Voila on a free loopback port, Debian's Chromium,
the screens people use, a page's traffic) and `kernel_socket` (a page's side of the
kernel's websocket, without a browser). Needs the `test` extra (Playwright)."""
