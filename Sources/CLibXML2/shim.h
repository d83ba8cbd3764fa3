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

// The streaming reader (xmlreader.h): charts are read node by node, memory bounded, any size.
typedef struct _xmlTextReader *xmlTextReaderPtr;
/// libxml2's error record (xmlerror.h), as passed to a structured error handler.
struct _xmlError {
    int domain;
    int code;
    char *message;
    int level;
    char *file;
    int line;
    char *str1;
    char *str2;
    char *str3;
    int int1;
    int int2;
    void *ctxt;
    void *node;
};
typedef void (*volt_xmlStructuredErrorFunc)(void *userData, struct _xmlError *error);

xmlTextReaderPtr xmlReaderForFile(const char *filename, const char *encoding, int options);
void xmlFreeTextReader(xmlTextReaderPtr reader);
int xmlTextReaderRead(xmlTextReaderPtr reader);
int xmlTextReaderNodeType(xmlTextReaderPtr reader);
int xmlTextReaderIsEmptyElement(xmlTextReaderPtr reader);
const xmlChar *xmlTextReaderConstLocalName(xmlTextReaderPtr reader);
const xmlChar *xmlTextReaderConstValue(xmlTextReaderPtr reader);
int xmlTextReaderMoveToNextAttribute(xmlTextReaderPtr reader);
int xmlTextReaderMoveToElement(xmlTextReaderPtr reader);
void *xmlTextReaderCurrentNode(xmlTextReaderPtr reader);
int xmlTextReaderGetParserLineNumber(xmlTextReaderPtr reader);
long xmlGetLineNo(const void *node);
void xmlTextReaderSetStructuredErrorHandler(xmlTextReaderPtr reader, volt_xmlStructuredErrorFunc f, void *arg);

#endif
