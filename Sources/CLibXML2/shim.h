// libxml2 for chuhai. xmlversion.h comes first so LIBXML_ICU_ENABLED can be
// switched off before encoding.h would pull in <unicode/ucnv.h>, whose
// UErrorCode clashes with the copy inside Foundation.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
