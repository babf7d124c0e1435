import CLibXML2

/// What a streamed XML part of a workbook tells its reader: elements opening and closing, and
/// the text between them. Subclasses override what they need; a thrown error stops the parse.
class XMLHandler {
    func start(_ name: XMLName, _ attributes: XMLAttributes) throws {}
    func end(_ name: XMLName) throws {}
    func text(_ bytes: UnsafeRawBufferPointer) throws {}
}

/// An element's local name (without its namespace prefix), valid during the callback.
struct XMLName {
    let bytes: UnsafePointer<xmlChar>

    /// True when the name is `literal` (ASCII).
    @inline(__always)
    func `is`(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { expected in
            var index = 0
            while index < expected.count {
                if bytes[index] != expected[index] { return false }
                index += 1
            }
            return bytes[index] == 0
        }
    }
}

/// An element's attributes as libxml2's SAX2 hands them over: five pointers each (local name,
/// prefix, namespace, value start, value end), valid during the callback.
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value bytes of the attribute whose local name is `name`; nil when absent.
    func value(_ name: StaticString) -> UnsafeRawBufferPointer? {
        guard let base else { return nil }
        for index in 0..<count {
            guard let local = base[index * 5], XMLName(bytes: local).is(name),
                let start = base[index * 5 + 3], let end = base[index * 5 + 4]
            else { continue }
            return UnsafeRawBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    func string(_ name: StaticString) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// libxml2's push parser over one XML part, fed in the pieces ZIPFoundation inflates.
///
/// No document type is ever read: a `<!DOCTYPE` stops the parse with an error (workbook parts
/// never have one, so entity bombs and external entities have nowhere to come from), the
/// network is off (`XML_PARSE_NONET`), entities are not substituted, and libxml2's own limits
/// on one text node (10 MB) and on nesting stay on (no `XML_PARSE_HUGE`).
final class XMLPushParser {
    /// Why a parse stopped, for the caller's message.
    enum Failure: Error {
        /// The handler threw.
        case handler(any Error)
        /// The part is not well-formed XML: libxml2's message and the XML line.
        case malformed(String, line: Int)
        /// The part declares a document type.
        case documentType
    }

    private let handler: XMLHandler
    private var context: xmlParserCtxtPtr?
    fileprivate var failure: Failure?

    init(handler: XMLHandler) {
        self.handler = handler
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    /// Parses the next piece; `last` ends the document.
    func feed(_ bytes: UnsafeRawBufferPointer, last: Bool = false) throws {
        if context == nil { try open() }
        guard let context else { return }
        var offset = 0
        repeat {
            // xmlParseChunk takes an Int32 size: hand over at most 1 GiB at a time.
            let count = min(bytes.count - offset, 1 << 30)
            let start = bytes.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
            let finishing: Int32 = last && offset + count == bytes.count ? 1 : 0
            let status = xmlParseChunk(context, start, Int32(count), finishing)
            offset += count
            if let failure { throw failure }
            if status != 0 || context.pointee.wellFormed == 0 {
                throw Failure.malformed(Self.lastMessage(context), line: Int(xmlSAX2GetLineNumber(context)))
            }
        } while offset < bytes.count
    }

    func finish() throws {
        try feed(UnsafeRawBufferPointer(start: nil, count: 0), last: true)
    }

    private func open() throws {
        xmlInitParser()
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, name, _, _, _, _, count, _, attributes in
            guard let user, let name else { return }
            let parser = Unmanaged<XMLPushParser>.fromOpaque(user).takeUnretainedValue()
            parser.deliver {
                try parser.handler.start(
                    XMLName(bytes: name), XMLAttributes(base: attributes, count: Int(count)))
            }
        }
        sax.endElementNs = { user, name, _, _ in
            guard let user, let name else { return }
            let parser = Unmanaged<XMLPushParser>.fromOpaque(user).takeUnretainedValue()
            parser.deliver { try parser.handler.end(XMLName(bytes: name)) }
        }
        let characters: charactersSAXFunc = { user, bytes, count in
            guard let user, let bytes else { return }
            let parser = Unmanaged<XMLPushParser>.fromOpaque(user).takeUnretainedValue()
            parser.deliver { try parser.handler.text(UnsafeRawBufferPointer(start: bytes, count: Int(count))) }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.internalSubset = { user, _, _, _ in
            guard let user else { return }
            let parser = Unmanaged<XMLPushParser>.fromOpaque(user).takeUnretainedValue()
            parser.stop(.documentType)
        }
        sax.entityDecl = { user, _, _, _, _, _ in
            guard let user else { return }
            let parser = Unmanaged<XMLPushParser>.fromOpaque(user).takeUnretainedValue()
            parser.stop(.documentType)
        }
        // A structured error handler keeps libxml2 from printing to standard error.
        sax.serror = { _, _ in }
        let user = Unmanaged.passUnretained(self).toOpaque()
        guard let created = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil) else {
            throw Failure.malformed("libxml2 не создал разборщик", line: 0)
        }
        context = created
        xmlCtxtUseOptions(created, Int32(XML_PARSE_NONET.rawValue))
    }

    /// Runs a handler call; its error stops the parse and is kept for ``feed(_:last:)``.
    fileprivate func deliver(_ call: () throws -> Void) {
        guard failure == nil else { return }
        do {
            try call()
        } catch {
            stop(.handler(error))
        }
    }

    fileprivate func stop(_ reason: Failure) {
        if failure == nil { failure = reason }
        if let context { xmlStopParser(context) }
    }

    private static func lastMessage(_ context: xmlParserCtxtPtr) -> String {
        guard let error = xmlCtxtGetLastError(context), let message = error.pointee.message else {
            return "XML повреждён"
        }
        var text = String(cString: message)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
