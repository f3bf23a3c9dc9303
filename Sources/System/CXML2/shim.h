#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so its encoding.h pulls in the system ICU headers,
   which clash with the ICU copy inside Swift's Foundation whenever a module sees both.
   Kontor never touches libxml2's ICU converter fields (only pointers to the handler), so
   the headers are read as if ICU were off. */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/parser.h>
