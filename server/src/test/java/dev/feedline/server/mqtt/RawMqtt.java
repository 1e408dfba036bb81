package dev.feedline.server.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT 3.1.1 (or 5) connection over a plain socket, for what a client library will not do on
 * purpose: vanish without a DISCONNECT, fall silent past its keep-alive, or send publishes in one write
 * (more than the server's receive maximum lets a library send).
 */
final class RawMqtt implements AutoCloseable {
    private final Socket socket;
    private final int protocolLevel;

    private RawMqtt(Socket socket, int protocolLevel) {
        this.socket = socket;
        this.protocolLevel = protocolLevel;
    }

    /** Connects with MQTT 3.1.1, the username and keep-alive; returns once the CONNACK accepted the connection. */
    static RawMqtt connect(int port, String clientId, String username, int keepAliveSeconds) throws IOException {
        return connect(port, 4, clientId, username, keepAliveSeconds);
    }

    /** The same with MQTT 5 (no CONNECT properties: the client's own receive maximum is the default, 65,535). */
    static RawMqtt connect5(int port, String clientId, String username, int keepAliveSeconds) throws IOException {
        return connect(port, 5, clientId, username, keepAliveSeconds);
    }

    private static RawMqtt connect(int port, int protocolLevel, String clientId, String username, int keepAliveSeconds) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(protocolLevel);                       // 4: 3.1.1, 5: MQTT 5
        body.write(0x80 | 0x02);                         // username, clean session
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        if (protocolLevel == 5) body.write(0);           // no properties
        writeString(body, clientId);
        writeString(body, username);
        byte[] payload = body.toByteArray();
        var out = socket.getOutputStream();
        out.write(0x10);
        out.write(payload.length);                       // < 128 bytes: one length byte
        out.write(payload);
        out.flush();
        RawMqtt raw = new RawMqtt(socket, protocolLevel);
        Packet connack = raw.readPacket();
        if (connack.type() != 0x20 || connack.body().length < 2 || connack.body()[1] != 0) {
            socket.close();
            throw new IOException("connection refused, CONNACK " + connack);
        }
        return raw;
    }

    /** A packet read: its fixed header's first byte and the rest after the remaining length. */
    record Packet(int type, byte[] body) {
        @Override
        public String toString() { return String.format("packet 0x%02X %s", type, java.util.HexFormat.of().formatHex(body)); }
    }

    /** Reads the next packet whole. */
    Packet readPacket() throws IOException {
        InputStream in = socket.getInputStream();
        int type = in.read();
        if (type < 0) throw new IOException("connection closed");
        int length = 0;
        for (int multiplier = 1; ; multiplier *= 128) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed");
            length += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0) break;
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) throw new IOException("connection closed");
        return new Packet(type, body);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    /** Sends QoS 1 PUBLISH packets (ids 1, 2, …) in one write, so the server reads them together. */
    void publishAtLeastOnce(String topic, java.util.List<String> payloads) throws IOException {
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        int packetId = 1;
        for (String payload : payloads) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, topic);
            body.write(packetId >> 8);
            body.write(packetId & 0xFF);
            if (protocolLevel == 5) body.write(0);       // no properties
            body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
            packets.write(0x32);                         // PUBLISH, QoS 1
            for (int length = body.size(); ; ) {         // remaining length, variable byte integer
                int digit = length % 128;
                length /= 128;
                packets.write(length > 0 ? digit | 0x80 : digit);
                if (length == 0) break;
            }
            packets.writeBytes(body.toByteArray());
            packetId++;
        }
        socket.getOutputStream().write(packets.toByteArray());
        socket.getOutputStream().flush();
    }

    /** Whether the server has sent anything not read yet. */
    boolean hasInput() throws IOException { return socket.getInputStream().available() > 0; }

    /**
     * Reads the next packet, which must be a successful PUBACK (MQTT 5: reason code 0 or none); returns its
     * packet id. Anything else (a DISCONNECT with its reason code, say) fails with the packet.
     */
    int readPuback() throws IOException {
        Packet p = readPacket();
        if (p.type() != 0x40 || p.body().length < 2 || p.body().length > 2 && p.body()[2] != 0) {
            throw new IOException("expected a successful PUBACK, got " + p);
        }
        return (p.body()[0] & 0xFF) << 8 | p.body()[1] & 0xFF;
    }

    /** Drops the TCP connection without a DISCONNECT packet. */
    @Override
    public void close() throws IOException { socket.close(); }
}
