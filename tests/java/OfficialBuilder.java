import com.google.gson.Gson;
import com.vnpt.xml.base.Content;
import com.vnpt.xml.base.attachment.Attachment;
import com.vnpt.xml.base.header.Bussiness;
import com.vnpt.xml.base.header.BussinessDocumentInfo;
import com.vnpt.xml.base.header.Header;
import com.vnpt.xml.base.header.OrganIdList;
import com.vnpt.xml.base.header.Organization;
import com.vnpt.xml.base.header.Receiver;
import com.vnpt.xml.base.header.ReceiverList;
import com.vnpt.xml.base.header.ReplacementInfo;
import com.vnpt.xml.base.header.ReplacementInfoList;
import com.vnpt.xml.base.header.ResponseFor;
import com.vnpt.xml.base.header.SignerInfo;
import com.vnpt.xml.base.header.StaffInfo;
import com.vnpt.xml.base.header.TraceHeader;
import com.vnpt.xml.base.header.TraceHeaderList;
import com.vnpt.xml.ed.Ed;
import com.vnpt.xml.ed.builder.EdXmlBuilder;
import com.vnpt.xml.ed.header.Code;
import com.vnpt.xml.ed.header.DocumentType;
import com.vnpt.xml.ed.header.MessageHeader;
import com.vnpt.xml.ed.header.OtherInfo;
import com.vnpt.xml.ed.header.PromulgationInfo;
import com.vnpt.xml.ed.parser.EdXmlParser;
import com.vnpt.xml.status.Status;
import com.vnpt.xml.status.builder.StatusXmlBuilder;
import com.vnpt.xml.status.header.MessageStatus;
import com.vnpt.xml.status.parser.StatusXmlParser;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test driver for the official EdXML102 library: builds packages with its builders and reports
 * what its parsers hand over. Run with {@code -Duser.timezone=Asia/Ho_Chi_Minh} so that dates
 * are written and printed in Vietnamese time.
 *
 * <pre>
 * java -cp CLASSPATH OfficialBuilder build FILES_DIR OUT_DIR
 *     builds a new (business type 0, every file of FILES_DIR attached), revoke (1), update (2)
 *     and replace (3) document package and one status package per code, into OUT_DIR; one JSON
 *     line per package: {"package": name, "kind": "document"|"status", ...}.
 * java -cp CLASSPATH OfficialBuilder parse FILE...
 *     parses each document package with EdXmlParser; one JSON line for the header
 *     ({"file", "subject", "code_number", "code_notation", "from", "promulgation_date", ...})
 *     and one per attachment ({"file", "index", "name", "content_type", "size", "sha256"} of
 *     the bytes getInputStream() hands over).
 * java -cp CLASSPATH OfficialBuilder parse-status FILE...
 *     parses each status package with StatusXmlParser; one JSON line per file.
 * </pre>
 */
public final class OfficialBuilder {
    private static final Gson JSON = new Gson();
    private static final String[] STATUS_CODES = {"01", "02", "03", "04", "05", "06", "13", "15", "16"};
    private static final String[] REASONS = {"Văn bản điện tử mới", "Thu hồi văn bản điện tử",
        "Cập nhật văn bản điện tử", "Thay thế văn bản điện tử"};
    private static final String[] STATUS_TEXT = {"Đã đến", "Từ chối tiếp nhận: sai thể thức",
        "Đã tiếp nhận, vào sổ văn bản đến", "Phân công xử lý", "Đang xử lý", "Hoàn thành",
        "Lấy lại văn bản: phát hành nhầm", "Đồng ý cập nhật", "Từ chối cập nhật: đã xử lý xong"};
    private static final String SENDER = "000.00.31.H99";
    private static final String DOCUMENT_ID = SENDER + ",2025/03/12,152/STTTT-BCVT";
    private static final String TARGET_ID = SENDER + ",2025/03/05,140/STTTT-BCVT";

    private OfficialBuilder() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        if (args.length == 3 && args[0].equals("build")) {
            build(new File(args[1]), new File(args[2]), out);
        } else if (args.length >= 2 && args[0].equals("parse")) {
            for (String path : Arrays.copyOfRange(args, 1, args.length)) {
                parse(new File(path), out);
            }
        } else if (args.length >= 2 && args[0].equals("parse-status")) {
            for (String path : Arrays.copyOfRange(args, 1, args.length)) {
                parseStatus(new File(path), out);
            }
        } else {
            System.err.println("usage: OfficialBuilder build FILES_DIR OUT_DIR | parse FILE... | parse-status FILE...");
            System.exit(2);
        }
        out.flush();
    }

    // -- building ------------------------------------------------------------------------

    private static void build(File files, File out, PrintStream report) throws Exception {
        File[] sources = files.listFiles();
        Arrays.sort(sources);
        List<File> every = Arrays.asList(sources);
        List<File> pdfOnly = new ArrayList<>();
        List<File> pdfAndText = new ArrayList<>();
        for (File file : every) {
            if (file.getName().endsWith(".pdf")) {
                pdfOnly.add(file);
                pdfAndText.add(file);
            } else if (file.getName().endsWith(".txt")) {
                pdfAndText.add(file);
            }
        }
        Map<String, List<File>> attached = new LinkedHashMap<>();
        attached.put("new", every);
        attached.put("revoke", pdfOnly);
        attached.put("update", pdfOnly);
        attached.put("replace", pdfAndText);
        int type = 0;
        for (Map.Entry<String, List<File>> entry : attached.entrySet()) {
            Ed ed = new Ed(new Header(messageHeader(), trace(type)), attachments(entry.getValue()));
            String name = "official_" + entry.getKey() + ".edxml";
            move(EdXmlBuilder.build(ed, out.getPath()), new File(out, name));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("package", name);
            line.put("kind", "document");
            line.put("business_type", type);
            line.put("attachments", entry.getValue().size());
            report.println(JSON.toJson(line));
            type++;
        }
        for (int i = 0; i < STATUS_CODES.length; i++) {
            String code = STATUS_CODES[i];
            // 13 (take back) is sent by the issuer to the recipient; the others answer it.
            boolean takeBack = code.equals("13");
            ResponseFor about = new ResponseFor(takeBack ? "000.00.05.H99" : SENDER,
                    "152/STTTT-BCVT", date("2025/03/12 00:00:00"), DOCUMENT_ID);
            Organization from = takeBack ? sender() : recipient("000.00.05.H99", "Sở Nội vụ tỉnh Mẫu");
            MessageStatus status = new MessageStatus();
            status.setFrom(from);
            status.setResponseFor(about);
            status.setStaffInfo(staff("Văn phòng Sở", "VP-SNV", "Trần Thị Lan", "CB-0203",
                    "ttlan@mau.gov.vn", "0915111222"));
            status.setStatusCode(code);
            status.setDescription(STATUS_TEXT[i]);
            status.setTimestamp(date("2025/03/12 14:20:33"));
            String name = "official_status_" + code + ".edxml";
            move(StatusXmlBuilder.build(new Status(new Header(status)), out.getPath()), new File(out, name));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("package", name);
            line.put("kind", "status");
            line.put("status_code", code);
            report.println(JSON.toJson(line));
        }
    }

    private static void move(Content content, File target) throws Exception {
        Files.move(content.getContent().toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Date date(String value) throws Exception {
        return new SimpleDateFormat("yyyy/MM/dd HH:mm:ss").parse(value);
    }

    private static Organization sender() {
        Organization organization = new Organization();
        organization.setOrganId(SENDER);
        organization.setOrganizationInCharge("Ủy ban nhân dân tỉnh Mẫu");
        organization.setOrganName("Sở Thông tin và Truyền thông tỉnh Mẫu");
        organization.setOrganAdd("Số 8 đường Nguyễn Trãi, phường Trung Tâm, tỉnh Mẫu");
        organization.setEmail("vanthu.stttt@mau.gov.vn");
        organization.setTelephone("0299 3811 222");
        return organization;
    }

    private static Organization recipient(String organId, String name) {
        Organization organization = new Organization();
        organization.setOrganId(organId);
        organization.setOrganizationInCharge("Ủy ban nhân dân tỉnh Mẫu");
        organization.setOrganName(name);
        return organization;
    }

    private static StaffInfo staff(String department, String departmentId, String name,
            String staffId, String email, String mobile) {
        StaffInfo staff = new StaffInfo();
        staff.setDepartment(department);
        staff.setDepartmentId(departmentId);
        staff.setStaff(name);
        staff.setStaffId(staffId);
        staff.setEmail(email);
        staff.setMobile(mobile);
        return staff;
    }

    private static MessageHeader messageHeader() throws Exception {
        MessageHeader header = new MessageHeader();
        header.setFrom(sender());
        header.addTo(recipient("000.00.05.H99", "Sở Nội vụ tỉnh Mẫu"));
        header.addTo(recipient("000.00.07.H99", "Sở Tài chính tỉnh Mẫu"));
        header.setDocumentId(DOCUMENT_ID);
        header.setCode(new Code("152", "STTTT-BCVT"));
        header.setPromulgationInfo(new PromulgationInfo("Tỉnh Mẫu", date("2025/03/12 00:00:00")));
        header.setDocumentType(new DocumentType(1, 0, "Công văn"));
        header.setSubject("V/v triển khai kết nối, liên thông văn bản điện tử năm 2025");
        header.setContent("Sở Thông tin và Truyền thông đề nghị các cơ quan, đơn vị phối hợp thực hiện.");
        header.setSignerInfo(new SignerInfo("KT. GIÁM ĐỐC", "Phó Giám đốc", "Phạm Thị Hồng Nhung"));
        header.setDueDate(date("2025/03/31 00:00:00"));
        OtherInfo other = new OtherInfo();
        other.setPriority(1);
        other.setSphereOfPromulgation("Lưu hành nội bộ");
        other.setTyperNotation("PTHN");
        other.setPromulgationAmount(3);
        other.setPageAmount(2);
        other.setDirection(true);
        other.setAppendixes(new ArrayList<>(Arrays.asList("Phụ lục: Danh sách hệ thống cần kết nối")));
        header.setOtherInfo(other);
        header.addResponseFor(new ResponseFor("000.00.00.H99", "88/UBND-KGVX",
                date("2025/02/20 00:00:00"), "000.00.00.H99,2025/02/20,88/UBND-KGVX"));
        header.setSteeringType(1);
        header.setToPlaces(new ArrayList<>(Arrays.asList("Như trên", "Lưu: VT, BCVT")));
        return header;
    }

    /** As the official example code: revoke and replace carry no Bussiness/DocumentId. */
    private static TraceHeaderList trace(int type) throws Exception {
        Bussiness business = new Bussiness();
        if (type == 0 || type == 2) {
            business.setDocumentId(DOCUMENT_ID);
        }
        business.setBussinessDocType(Integer.toString(type));
        business.setBussinessDocReason(REASONS[type]);
        business.setPaper("0");
        if (type == 2) {
            BussinessDocumentInfo info = new BussinessDocumentInfo();
            info.setdocumentInfo("1");
            info.setdocumentReceiver("1");
            ReceiverList receivers = new ReceiverList();
            receivers.addReceiver(new Receiver("000.00.09.H99", "1"));
            receivers.addReceiver(new Receiver("000.00.07.H99", "0"));
            info.addreceiverList(receivers);
            business.addBussinessDocumentInfo(info);
        }
        if (type == 3) {
            OrganIdList organs = new OrganIdList();
            organs.addOrganId("000.00.05.H99");
            organs.addOrganId("000.00.07.H99");
            ReplacementInfoList replacements = new ReplacementInfoList();
            replacements.addReplacementInfo(new ReplacementInfo(TARGET_ID, organs));
            business.addReplacementInfoList(replacements);
        }
        business.addStaffInfo(staff("Văn phòng Sở", "VP-STTTT", "Nguyễn Văn Bình", "CB-0107",
                "nvbinh@mau.gov.vn", "0912345678"));
        TraceHeaderList trace = new TraceHeaderList();
        trace.addTraceHeader(new TraceHeader(SENDER, date("2025/03/12 00:00:00")));
        trace.setBussiness(business);
        return trace;
    }

    private static List<Attachment> attachments(List<File> files) {
        List<Attachment> attachments = new ArrayList<>();
        int index = 1;
        for (File file : files) {
            // Attachment(contentId, name, description, file): the name is kept as given.
            attachments.add(new Attachment(Integer.toString(index), file.getName(),
                    "Tệp đính kèm " + index + ": " + file.getName(), file));
            index++;
        }
        return attachments;
    }

    // -- parsing -------------------------------------------------------------------------

    private static void parse(File file, PrintStream report) throws Exception {
        Ed ed;
        try (InputStream in = new FileInputStream(file)) {
            ed = EdXmlParser.getInstance().parse(in);
        }
        try {
            MessageHeader header = (MessageHeader) ed.getHeader().getMessageHeader();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("file", file.getName());
            line.put("subject", header.getSubject());
            line.put("code_number", header.getCode() == null ? null : header.getCode().getCodeNumber());
            line.put("code_notation", header.getCode() == null ? null : header.getCode().getCodeNotation());
            line.put("from", header.getFrom() == null ? null : header.getFrom().getOrganId());
            List<String> to = new ArrayList<>();
            for (Organization organization : header.getToes()) {
                to.add(organization.getOrganId());
            }
            line.put("to", to);
            PromulgationInfo info = header.getPromulgationInfo();
            line.put("promulgation_date", info == null || info.getPromulgationDate() == null ? null
                    : new SimpleDateFormat("yyyy-MM-dd").format(info.getPromulgationDate()));
            line.put("document_id", header.getDocumentId());
            TraceHeaderList trace = ed.getHeader().getTraceHeaderList();
            Bussiness business = trace == null ? null : trace.getBussiness();
            line.put("business_type", business == null ? null : business.getBussinessDocType());
            report.println(JSON.toJson(line));
            byte[] buffer = new byte[64 * 1024];
            int index = 0;
            for (Attachment attachment : ed.getAttachments() == null ? new ArrayList<Attachment>()
                    : ed.getAttachments()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long size = 0;
                try (InputStream content = attachment.getInputStream()) {
                    int count;
                    while ((count = content.read(buffer)) > 0) {
                        digest.update(buffer, 0, count);
                        size += count;
                    }
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("file", file.getName());
                item.put("index", index++);
                item.put("name", attachment.getName());
                item.put("content_type", attachment.getContentType());
                item.put("size", size);
                item.put("sha256", hex(digest.digest()));
                report.println(JSON.toJson(item));
            }
        } finally {
            ed.clean();
        }
    }

    private static void parseStatus(File file, PrintStream report) throws Exception {
        Status status;
        try (InputStream in = new FileInputStream(file)) {
            status = StatusXmlParser.parse(in);
        }
        MessageStatus message = (MessageStatus) status.getHeader().getMessageHeader();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", file.getName());
        line.put("from", message.getFrom() == null ? null : message.getFrom().getOrganId());
        line.put("status_code", message.getStatusCode());
        line.put("description", message.getDescription());
        ResponseFor about = message.getResponseFor();
        line.put("response_for_organ_id", about == null ? null : about.getOrganId());
        line.put("response_for_document_id", about == null ? null : about.getDocumentId());
        line.put("timestamp", message.getTimestamp() == null ? null
                : new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss").format(message.getTimestamp()));
        report.println(JSON.toJson(line));
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte value : bytes) {
            text.append(String.format("%02x", value));
        }
        return text.toString();
    }
}
