import com.vnpt.xml.base.attachment.Attachment;
import com.vnpt.xml.base.header.Organization;
import com.vnpt.xml.base.header.TraceHeader;
import com.vnpt.xml.base.header.TraceHeaderList;
import com.vnpt.xml.ed.Ed;
import com.vnpt.xml.ed.header.Code;
import com.vnpt.xml.ed.header.MessageHeader;
import com.vnpt.xml.ed.parser.EdXmlParser;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

/**
 * Parses an edXML document package with the official EdXML102 parser, as an application
 * would: {@code EdXmlParser.getInstance().parse(stream)}, then the header fields an
 * application shows (sender, recipients, code, subject, document id, trace headers) and
 * every attachment's content read to the end through {@code getInputStream()}, then
 * {@code clean()} to delete the parser's temporary files.
 *
 * <p>The package is read into memory once per request, outside the timed region, so both
 * sides of a comparison parse from memory.
 *
 * <pre>
 * java -cp CLASSPATH EdxmlParseBench FILE N
 *     parses FILE N times; one line per iteration: "iteration thread_cpu_ns wall_ns",
 *     then the "done" line below.
 * java -cp CLASSPATH EdxmlParseBench --serve
 *     reads requests "N&lt;TAB&gt;FILE" from standard input, one per line, and answers each
 *     with N lines "iteration thread_cpu_ns wall_ns" and a last line
 *     "done process_cpu_ns wall_ns attachments attachment_bytes header_chars".
 * </pre>
 *
 * <p>thread_cpu_ns is the parsing thread only; process_cpu_ns covers every thread of the JVM
 * (garbage collector and JIT compilers included), summed from /proc/self/task/{@literal *}/schedstat
 * in nanoseconds, which is the figure to compare with a Python process's CPU time.
 */
public final class EdxmlParseBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EdxmlParseBench() {
    }

    /** What one parse saw: used to check that the parser really read the package. */
    private static final class Seen {
        long attachments;
        long attachmentBytes;
        long headerChars;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        if (args.length == 1 && args[0].equals("--serve")) {
            serve(out);
        } else if (args.length == 2) {
            run(Paths.get(args[0]).toFile(), Integer.parseInt(args[1]), out);
        } else {
            System.err.println("usage: EdxmlParseBench FILE N | EdxmlParseBench --serve");
            System.exit(2);
        }
        out.flush();
    }

    private static void serve(PrintStream out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            run(new File(line.substring(tab + 1)), Integer.parseInt(line.substring(0, tab)), out);
            out.flush();
        }
    }

    private static void run(File file, int iterations, PrintStream out) throws Exception {
        byte[] data = Files.readAllBytes(file.toPath());
        Seen seen = new Seen();
        long cpuStart = processCpuNanos();
        long wallStart = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long threadCpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            seen = parse(data);
            out.print(i);
            out.print(' ');
            out.print(THREADS.getCurrentThreadCpuTime() - threadCpu);
            out.print(' ');
            out.println(System.nanoTime() - wall);
        }
        long wallTotal = System.nanoTime() - wallStart;
        long cpuTotal = processCpuNanos() - cpuStart;
        out.println("done " + cpuTotal + " " + wallTotal + " " + seen.attachments + " "
                + seen.attachmentBytes + " " + seen.headerChars);
    }

    private static Seen parse(byte[] data) throws Exception {
        Ed ed = EdXmlParser.getInstance().parse(new ByteArrayInputStream(data));
        Seen seen = new Seen();
        try {
            MessageHeader header = (MessageHeader) ed.getHeader().getMessageHeader();
            seen.headerChars += organization(header.getFrom());
            for (Organization to : header.getToes()) {
                seen.headerChars += organization(to);
            }
            Code code = header.getCode();
            if (code != null) {
                seen.headerChars += length(code.getCodeNumber()) + length(code.getCodeNotation());
            }
            seen.headerChars += length(header.getSubject()) + length(header.getDocumentId());
            TraceHeaderList trace = ed.getHeader().getTraceHeaderList();
            if (trace != null && trace.getTraceHeaders() != null) {
                for (TraceHeader entry : trace.getTraceHeaders()) {
                    seen.headerChars += length(entry.getOrganId());
                }
            }
            byte[] buffer = new byte[64 * 1024];
            List<Attachment> attachments = ed.getAttachments();
            for (Attachment attachment : attachments == null ? Collections.<Attachment>emptyList()
                    : attachments) {
                seen.attachments++;
                seen.headerChars += length(attachment.getName());
                try (InputStream content = attachment.getInputStream()) {
                    int count;
                    while ((count = content.read(buffer)) > 0) {
                        seen.attachmentBytes += count;
                    }
                }
            }
        } finally {
            ed.clean();
        }
        return seen;
    }

    private static long organization(Organization organization) {
        if (organization == null) {
            return 0;
        }
        return length(organization.getOrganId()) + length(organization.getOrganName());
    }

    private static long length(String value) {
        return value == null ? 0 : value.length();
    }

    /** CPU time of every thread of this JVM, in nanoseconds (Linux), else the MXBean's figure. */
    private static long processCpuNanos() throws IOException {
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return ((com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
        long total = 0;
        for (File task : tasks) {
            try {
                String stat = new String(Files.readAllBytes(new File(task, "schedstat").toPath()),
                        StandardCharsets.US_ASCII);
                total += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
            } catch (IOException ended) {
                // the thread ended between listing and reading: its time is lost either way
            }
        }
        return total;
    }
}
