// libgvc / libcgraph for Swift. Swift 6 cannot read Agdirected and Agundirected directly (they
// are mutable C globals), so these return them by value.
#include <graphviz/gvc.h>
#include <stdio.h>

static inline Agdesc_t volt_agdirected(void) { return Agdirected; }
static inline Agdesc_t volt_agundirected(void) { return Agundirected; }
