using System;
using System.Diagnostics;
using System.IO;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>
    /// Certificates made with openssl for the TLS tests, in a fresh temporary folder: a test CA; a server certificate it
    /// signed for 127.0.0.1 and localhost; one it signed for another host only; a second, untrusted CA with a server
    /// certificate for 127.0.0.1; a certificate the test CA signed for 127.0.0.1 but only for client authentication (EKU
    /// clientAuth: no server may present it); and a client certificate (PKCS#12) signed by the test CA. Deleted on dispose.
    /// </summary>
    public sealed class TestCertificates : IDisposable
    {
        public const string ClientPfxPassword = "pfx-pass-1";

        public TestCertificates()
        {
            Directory = Path.Combine(Path.GetTempPath(), "mcps-tls-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            System.IO.Directory.CreateDirectory(Directory);

            MakeCa("ca", "MemcachePS Test CA");
            MakeCa("other-ca", "Untrusted Test CA");
            MakeLeaf("server", "ca", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth");
            MakeLeaf("wrong-host", "ca", "wrong.example", "subjectAltName=DNS:wrong.example\nextendedKeyUsage=serverAuth");
            MakeLeaf("untrusted", "other-ca", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth");
            MakeLeaf("client", "ca", "memcacheps-client", "extendedKeyUsage=clientAuth");
            MakeLeaf("client-only", "ca", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=clientAuth");
            OpenSsl($"pkcs12 -export -in client.pem -inkey client.key -out client.pfx -passout pass:{ClientPfxPassword}");
            OpenSsl("x509 -in ca.pem -outform DER -out ca.der");
        }

        public string Directory { get; }

        public string CaFile => PathOf("ca.pem");
        public string CaDerFile => PathOf("ca.der");
        public string OtherCaFile => PathOf("other-ca.pem");
        public string ClientPfx => PathOf("client.pfx");

        public string PathOf(string name) => Path.Combine(Directory, name);

        /// <summary>memcached arguments for a TLS listener presenting the named certificate (server, wrong-host, untrusted).</summary>
        public string[] ServerArgs(string name, params string[] moreOptions)
        {
            string o = $"ssl_chain_cert={PathOf(name + ".pem")},ssl_key={PathOf(name + ".key")}";
            foreach (var extra in moreOptions) o += "," + extra;
            return new[] { "-Z", "-o", o };
        }

        private void MakeCa(string name, string commonName) =>
            OpenSsl($"req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout {name}.key -out {name}.pem -days 2 " +
                    $"-subj \"/CN={commonName}\" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");

        private void MakeLeaf(string name, string ca, string commonName, string extensions)
        {
            File.WriteAllText(PathOf(name + ".ext"), extensions + "\n");
            OpenSsl($"req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout {name}.key -out {name}.csr -subj \"/CN={commonName}\"");
            OpenSsl($"x509 -req -in {name}.csr -CA {ca}.pem -CAkey {ca}.key -CAcreateserial -out {name}.pem -days 2 -extfile {name}.ext");
        }

        private void OpenSsl(string arguments)
        {
            var psi = new ProcessStartInfo("openssl", arguments)
            {
                WorkingDirectory = Directory,
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            Process p;
            try
            {
                p = Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new InvalidOperationException("openssl is not installed: run 'apt-get install -y openssl' (Debian) to run the TLS tests.");
            }
            using (p)
            {
                string err = p.StandardError.ReadToEnd();
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException($"openssl {arguments} failed: {err}");
            }
        }

        public void Dispose()
        {
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
        }
    }
}
