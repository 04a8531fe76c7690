// FranceConnect's claim formats (reference/franceconnect.md § 2) and the attestation hash.
#include "Mandat.h"
#include "UsagerClaims.h"

#include <QCryptographicHash>
#include <QTest>

class TestUsagerClaims : public QObject
{
    Q_OBJECT

    static QJsonObject valid()
    {
        return { { QStringLiteral("given_name"), QStringLiteral("Joëlle Françoise") },
            { QStringLiteral("family_name"), QStringLiteral("DUBINÔRE") },
            { QStringLiteral("birthdate"), QStringLiteral("1992-08-15") },
            { QStringLiteral("gender"), QStringLiteral("female") },
            { QStringLiteral("birthplace"), QStringLiteral("75117") },
            { QStringLiteral("birthcountry"), QStringLiteral("99100") },
            { QStringLiteral("email"), QStringLiteral("effannopiq-4009@yopmail.com") } };
    }

private slots:
    void birthdate_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("full date") << "1962-08-24" << true;
        QTest::newRow("presumed day") << "1992-11-00" << true;
        QTest::newRow("presumed month and day") << "1992-00-00" << true;
        QTest::newRow("29 February of a leap year") << "2000-02-29" << true;
        QTest::newRow("29 February otherwise") << "1999-02-29" << false;
        QTest::newRow("month 13") << "1992-13-01" << false;
        QTest::newRow("unknown month, known day") << "1992-00-15" << false;
        QTest::newRow("day 32") << "1992-01-32" << false;
        QTest::newRow("French order") << "24/08/1962" << false;
        QTest::newRow("no padding") << "1962-8-24" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("time appended") << "1962-08-24T00:00" << false;
        // Found by tests/fuzz/fuzz_usager_claims: `$` also matched before a final newline.
        QTest::newRow("final newline") << "1962-08-24\n" << false;
    }
    void birthdate()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QCOMPARE(UsagerClaims::isValidBirthdate(value), ok);
    }

    void cogCode_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("Paris 7e") << "75107" << true;
        QTest::newRow("Corse-du-Sud") << "2A004" << true;
        QTest::newRow("Haute-Corse") << "2B033" << true;
        QTest::newRow("France") << "99100" << true;
        QTest::newRow("Algérie") << "99352" << true;
        QTest::newRow("2C is no department") << "2C004" << false;
        QTest::newRow("four digits") << "7510" << false;
        QTest::newRow("None") << "None" << false;
        QTest::newRow("lower-case corse") << "2a004" << false;
        QTest::newRow("final newline") << "75107\n" << false;
    }
    void cogCode()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QCOMPARE(UsagerClaims::isValidCogCode(value), ok);
    }

    void claims_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("as given") << "" << QJsonValue() << true;
        QTest::newRow("gender unspecified") << "gender" << QJsonValue(QStringLiteral("unspecified")) << true;
        QTest::newRow("gender other") << "gender" << QJsonValue(QStringLiteral("other")) << false;
        QTest::newRow("gender missing") << "gender" << QJsonValue(QJsonValue::Undefined) << false;
        QTest::newRow("no given name") << "given_name" << QJsonValue(QStringLiteral(" ")) << false;
        QTest::newRow("family name too long")
            << "family_name" << QJsonValue(QString(257, QLatin1Char('A'))) << false;
        QTest::newRow("birthplace None") << "birthplace" << QJsonValue(QStringLiteral("None")) << false;
        QTest::newRow("born in France without birthplace")
            << "birthplace" << QJsonValue(QStringLiteral("")) << false;
        QTest::newRow("birthplace a number") << "birthplace" << QJsonValue(75117) << false;
        QTest::newRow("email invalid") << "email" << QJsonValue(QStringLiteral("not-an-email")) << false;
        QTest::newRow("email missing") << "email" << QJsonValue(QJsonValue::Undefined) << false;
        QTest::newRow("birthdate with a final newline")
            << "birthdate" << QJsonValue(QStringLiteral("1992-08-15\n")) << false;
        // Found by tests/fuzz/fuzz_usager_claims: control characters used to pass.
        QTest::newRow("email with a control character")
            << "email" << QJsonValue(QStringLiteral("wosse\u0001wodda-3728@yopmail.com")) << false;
        QTest::newRow("email with DEL")
            << "email" << QJsonValue(QStringLiteral("wossewodda-3728@yopmail\u007f.com")) << false;
        QTest::newRow("presumed birthdate")
            << "birthdate" << QJsonValue(QStringLiteral("1992-11-00")) << true;
        QTest::newRow("bad birthcountry") << "birthcountry" << QJsonValue(QStringLiteral("FR")) << false;
        QTest::newRow("preferred username")
            << "preferred_username" << QJsonValue(QStringLiteral("DUBOIS")) << true;
        QTest::newRow("preferred username not text") << "preferred_username" << QJsonValue(true) << false;
    }
    void claims()
    {
        QFETCH(QString, claim);
        QFETCH(QJsonValue, value);
        QFETCH(bool, ok);
        QJsonObject json = valid();
        if (value.isUndefined() && !claim.isEmpty())
            json.remove(claim);
        else if (!claim.isEmpty())
            json.insert(claim, value);
        const auto result = UsagerClaims::fromClaims(json);
        QCOMPARE(bool(result), ok);
        if (ok) {
            QCOMPARE(result.value().familyName, QStringLiteral("DUBINÔRE"));
        } else {
            QCOMPARE(result.error().code, QStringLiteral("invalid_claims"));
            QVERIFY(result.error().message.contains(claim)); // names the claim, never its value
        }
    }

    void bornAbroadHasNoBirthplace()
    {
        QJsonObject json = valid();
        json.insert(QStringLiteral("birthcountry"), QStringLiteral("99352"));
        json.insert(QStringLiteral("birthplace"), QStringLiteral(""));
        QVERIFY(UsagerClaims::fromClaims(json));
        json.insert(QStringLiteral("birthplace"), QStringLiteral("75117"));
        QVERIFY(!UsagerClaims::fromClaims(json));
    }

    void attestationHash()
    {
        MandatInfo m;
        m.id = 42;
        m.organisation.id = 7;
        m.usagerSubHash = QStringLiteral("ab12");
        m.demarches = { QStringLiteral("transports"), QStringLiteral("argent") };
        m.duration = QStringLiteral("LONG");
        m.createdAtMs = 1700000000000;
        m.expiresAtMs = 1731536000000;
        m.templateVersion = 1;
        // The documented canonical form (docs/mandat.md): sorted keys, sorted démarches, compact.
        const QByteArray expected
            = R"({"created_at":1700000000000,"demarches":["argent","transports"],)"
              R"("duration":"LONG","expires_at":1731536000000,"mandat_id":42,)"
              R"("organisation_id":7,"remote":false,"template_version":1,"usager_sub_hash":"ab12"})";
        QCOMPARE(Attestation::canonicalContent(m), expected);
        QCOMPARE(Attestation::hash(m),
            QString::fromLatin1(QCryptographicHash::hash(expected, QCryptographicHash::Sha256).toHex()));
        // Personal data is not part of the hash; every field of the mandat is.
        MandatInfo renamed = m;
        renamed.usager.familyName = QStringLiteral("AUTRE");
        QCOMPARE(Attestation::hash(renamed), Attestation::hash(m));
        MandatInfo other = m;
        other.demarches.removeLast();
        QVERIFY(Attestation::hash(other) != Attestation::hash(m));
        other = m;
        other.templateVersion = 2;
        QVERIFY(Attestation::hash(other) != Attestation::hash(m));
    }
};

QTEST_APPLESS_MAIN(TestUsagerClaims)
#include "testUsagerClaims.moc"
