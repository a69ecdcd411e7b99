/**
 * PDF/A-3b and Factur-X plumbing on a pdf-lib document (ISO 19005-3; Factur-X 1.0 §"PDF/A-3"):
 * XMP metadata (pdfaid part 3 / conformance B, Dublin Core, the Factur-X `fx:` properties and
 * their PDF/A extension schema description), an sRGB output intent with its ICC profile, a
 * document ID in the trailer, the document info dictionary matching the XMP, and the invoice XML
 * as an associated file with AFRelationship `Alternative`.
 */
import { AFRelationship, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { strToU8, zlibSync } from 'fflate';
import { FACTURX_CONFORMANCE_LEVEL, FACTURX_FILE_NAME, xmlEscape } from './facturx';

/** Document metadata shown by viewers and written to both the info dictionary and the XMP. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** BCP 47 language tag of the document, e.g. `nl-NL`. */
  language: string;
  creator: string;
  producer: string;
  /** Creation (and modification) time. */
  createdAt: Date;
}

/** XMP date: `2026-11-29T16:05:00Z` (seconds, UTC) — the same instant pdf-lib writes as `D:20261129160500Z`. */
function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds the XMP packet (UTF-8 text) for a PDF/A-3b document, with the Factur-X schema when `facturX`. */
export function buildXmp(meta: PdfMetadata, facturX: boolean): string {
  const date = xmpDate(meta.createdAt);
  const e = xmlEscape;
  const fx = facturX
    ? `
  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
   <fx:DocumentType>INVOICE</fx:DocumentType>
   <fx:DocumentFileName>${FACTURX_FILE_NAME}</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version>
   <fx:ConformanceLevel>${FACTURX_CONFORMANCE_LEVEL}</fx:ConformanceLevel>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>fx</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        ${[
          ['DocumentFileName', 'name of the embedded XML invoice file'],
          ['DocumentType', 'INVOICE'],
          ['Version', 'The actual version of the Factur-X XML schema'],
          ['ConformanceLevel', 'The conformance level of the embedded Factur-X data'],
        ]
          .map(
            ([name, description]) =>
              `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`,
          )
          .join('\n        ')}
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>`
    : '';
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${e(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${e(meta.language)}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>${e(meta.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>${e(meta.producer)}</pdf:Producer>
   <pdf:Keywords>${e(meta.keywords.join(', '))}</pdf:Keywords>
  </rdf:Description>${fx}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** 128-bit FNV-1a-style hex digest of `s` (not cryptographic): the PDF file identifier. */
function fileId(s: string): string {
  let out = '';
  for (let seed = 0; seed < 4; seed++) {
    let h = (0x811c9dc5 ^ (seed * 0x9e3779b9)) >>> 0;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** Sets the info dictionary, catalog language and XMP stream (uncompressed, as PDF/A requires). */
export function applyMetadata(doc: PDFDocument, meta: PdfMetadata, pdfa: boolean, facturX: boolean): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  // One string, so the info dictionary and pdf:Keywords in the XMP match exactly (PDF/A 6.6.2.3).
  doc.setKeywords([meta.keywords.join(', ')]);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  doc.setLanguage(meta.language);
  if (!pdfa) return;
  const xmp = strToU8(buildXmp(meta, facturX));
  const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  const id = PDFHexString.of(fileId(`${meta.title}|${meta.createdAt.toISOString()}|${meta.subject}`));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
}

const compressedProfiles = new WeakMap<Uint8Array, Uint8Array>();

/** Adds the sRGB output intent (`GTS_PDFA1`) with `iccProfile` (an RGB ICC profile's bytes). */
export function addOutputIntent(doc: PDFDocument, iccProfile: Uint8Array): void {
  // The profile is the same for every invoice: compress it once.
  let compressed = compressedProfiles.get(iccProfile);
  if (!compressed) {
    compressed = zlibSync(iccProfile, { level: 9 });
    compressedProfiles.set(iccProfile, compressed);
  }
  const icc = doc.context.stream(compressed, { N: 3, Filter: 'FlateDecode' });
  const iccRef = doc.context.register(icc);
  const intent = doc.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: iccRef,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([doc.context.register(intent)]));
}

/** Attaches the Factur-X XML as `factur-x.xml` (text/xml, AFRelationship Alternative, listed in the catalog's /AF). */
export async function attachFacturX(doc: PDFDocument, xml: string, at: Date): Promise<void> {
  await doc.attach(strToU8(xml), FACTURX_FILE_NAME, {
    mimeType: 'text/xml',
    description: 'Factur-X invoice (EN 16931)',
    creationDate: at,
    modificationDate: at,
    afRelationship: AFRelationship.Alternative,
  });
}
