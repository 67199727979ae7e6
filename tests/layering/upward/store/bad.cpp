// A store/ file that reaches up into crawler/: the layer check must reject it.
#include "crawler/site_crawler.h"
