// libxml2's streaming writer: exports write XML through it, never by joining strings.
//
// The prototypes are declared here rather than by including <libxml/xmlwriter.h>: that header
// pulls in the system's ICU, which clashes with the ICU inside Swift's Foundation. These are
// libxml2's stable public functions (xmlwriter.h, libxml2 2.6 and later).
#ifndef VOLT_CLIBXML2_SHIM_H
#define VOLT_CLIBXML2_SHIM_H

typedef unsigned char xmlChar;

void xmlInitParser(void);
typedef struct _xmlTextWriter *xmlTextWriterPtr;

xmlTextWriterPtr xmlNewTextWriterFilename(const char *uri, int compression);
void xmlFreeTextWriter(xmlTextWriterPtr writer);
int xmlTextWriterStartDocument(xmlTextWriterPtr writer, const char *version, const char *encoding, const char *standalone);
int xmlTextWriterEndDocument(xmlTextWriterPtr writer);
int xmlTextWriterStartElement(xmlTextWriterPtr writer, const xmlChar *name);
int xmlTextWriterEndElement(xmlTextWriterPtr writer);
int xmlTextWriterWriteAttribute(xmlTextWriterPtr writer, const xmlChar *name, const xmlChar *content);
int xmlTextWriterWriteString(xmlTextWriterPtr writer, const xmlChar *content);
int xmlTextWriterSetIndent(xmlTextWriterPtr writer, int indent);
int xmlTextWriterSetIndentString(xmlTextWriterPtr writer, const xmlChar *str);
int xmlTextWriterFlush(xmlTextWriterPtr writer);

#endif
