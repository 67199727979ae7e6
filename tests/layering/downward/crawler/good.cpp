// A crawler/ file that includes only lower layers: the layer check must accept it.
#include "alerts/matcher.h"
#include "net/http_client.h"
#include "store/store.h"
