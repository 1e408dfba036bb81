package dev.feedline.server.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT 3.1.1 connection over a plain socket, for what a client library will not do on
 * purpose: vanish without a DISCONNECT, fall silent past its keep-alive, or send publishes in one write.
 */
final class RawMqtt implements AutoCloseable {
    private final Socket socket;

    private RawMqtt(Socket socket) { this.socket = socket; }

    /** Connects with the username and keep-alive; returns once the CONNACK accepted the connection. */
    static RawMqtt connect(int port, String clientId, String username, int keepAliveSeconds) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);                                   // protocol level 3.1.1
        body.write(0x80 | 0x02);                         // username, clean session
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        writeString(body, clientId);
        writeString(body, username);
        byte[] payload = body.toByteArray();
        var out = socket.getOutputStream();
        out.write(0x10);
        out.write(payload.length);                       // < 128 bytes: one length byte
        out.write(payload);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] connack = in.readNBytes(4);
        if (connack.length != 4 || connack[0] != 0x20 || connack[3] != 0) {
            socket.close();
            throw new IOException("connection refused, CONNACK return code " + (connack.length == 4 ? connack[3] : -1));
        }
        return new RawMqtt(socket);
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

    /** Reads the next packet, which must be a PUBACK; returns its packet id. */
    int readPuback() throws IOException {
        byte[] puback = socket.getInputStream().readNBytes(4);
        if (puback.length != 4 || puback[0] != 0x40 || puback[1] != 2) throw new IOException("not a PUBACK");
        return (puback[2] & 0xFF) << 8 | puback[3] & 0xFF;
    }

    /** Drops the TCP connection without a DISCONNECT packet. */
    @Override
    public void close() throws IOException { socket.close(); }
}
