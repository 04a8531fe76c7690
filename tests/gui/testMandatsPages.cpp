#include "MandatDocument.h"
#include "MandatPrinter.h"
#include "MandatRules.h"
#include "OfflineCache.h"
#include "mandats/MandatsModel.h"
#include "mandats/MandatsPage.h"
#include "mandats/UsagerPage.h"
#include "mandats/UsagersFilterModel.h"
#include "mandats/UsagersModel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextDocument>
#include <QTreeView>

Q_DECLARE_METATYPE(UsagerSummary)
Q_DECLARE_METATYPE(MandatInfo)

namespace {

constexpr qint64 kDay = MandatRules::kDayMs;
const qint64 kNow = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
const QString kUsagerName = QStringLiteral("Angela Claire Louise DUBOIS");

template<typename T> T *child(QObject *root, const QString &name)
{
    auto *object = root->findChild<T *>(name);
    if (!object)
        qFatal("no child %s", qPrintable(name));
    return object;
}

UsagerSummary usager(qint64 id, const QString &given, const QString &family, const QString &birthdate,
    int active, int expiring, qint64 nextExpiryMs)
{
    UsagerSummary s;
    s.usager.id = id;
    s.usager.givenName = given;
    s.usager.familyName = family;
    s.usager.birthdate = birthdate;
    s.activeMandats = active;
    s.expiringSoonMandats = expiring;
    s.expiredMandats = active == 0 ? 1 : 0;
    s.nextExpiryMs = nextExpiryMs;
    return s;
}

QList<UsagerSummary> usagers()
{
    return {
        usager(1, QStringLiteral("Joëlle"), QStringLiteral("DUBINÔRE"), QStringLiteral("1992-11-00"), 1, 1,
            kNow + 10 * kDay),
        usager(2, QStringLiteral("Angela Claire Louise"), QStringLiteral("DUBOIS"),
            QStringLiteral("1962-08-24"), 2, 1, kNow + 20 * kDay),
        usager(3, QStringLiteral("Élodie"), QStringLiteral("EVRARD"), QStringLiteral("1985-03-12"), 0, 0, 0),
        usager(4, QStringLiteral("Jean-Pierre"), QStringLiteral("N'DIAYE"), QStringLiteral("1992-00-00"), 1,
            0, kNow + 100 * kDay),
        usager(5, QStringLiteral("Paul"), QStringLiteral("ABADIE"), QStringLiteral("1977-07-07"), 1, 0,
            kNow + 300 * kDay),
    };
}

UsagerIdentity angela()
{
    UsagerIdentity u;
    u.id = 2;
    u.givenName = QStringLiteral("Angela Claire Louise");
    u.familyName = QStringLiteral("DUBOIS");
    u.birthdate = QStringLiteral("1962-08-24");
    u.gender = QStringLiteral("female");
    u.birthplace = QStringLiteral("75107");
    u.birthcountry = QStringLiteral("99100");
    return u;
}

MandatInfo mandat(qint64 id, qint64 createdAtMs, const QString &duration, const QStringList &demarches)
{
    MandatInfo m;
    m.id = id;
    m.organisation.id = 3;
    m.organisation.name = QStringLiteral("France Services de Soissons");
    m.organisation.address = QStringLiteral("1 place de l'Hôtel de Ville");
    m.organisation.postcode = QStringLiteral("02200");
    m.organisation.city = QStringLiteral("Soissons");
    m.aidantId = 7;
    m.aidantName = QStringLiteral("Camille Fwolk");
    m.usager = angela();
    m.usagerSubHash = QStringLiteral("ab12");
    m.duration = duration;
    m.createdAtMs = createdAtMs;
    m.expiresAtMs = createdAtMs + MandatDurations::find(duration)->days * kDay;
    m.templateVersion = Attestation::kTemplateVersion;
    m.verifyUrl = QStringLiteral("https://example.invalid/verify/abc");
    qint64 autorisationId = id * 100;
    for (const QString &code : demarches) {
        AutorisationInfo a;
        a.id = ++autorisationId;
        a.demarche = code;
        m.autorisations.append(a);
        m.demarches.append(code);
    }
    m.demarches.sort();
    m.attestationHash = Attestation::hash(m);
    return m;
}

MandatInfo activeMandat()
{
    MandatInfo m = mandat(10, kNow - 20 * kDay, QStringLiteral("LONG"),
        { QStringLiteral("papiers"), QStringLiteral("social"), QStringLiteral("argent") });
    m.autorisations[1].revokedAtMs = kNow - 3 * kDay;
    return m;
}

MandatInfo expiredMandat(qint64 id = 11, qint64 expiredForMs = 69 * kDay)
{
    MandatInfo m = mandat(
        id, kNow - expiredForMs - 31 * kDay, QStringLiteral("MONTH"), { QStringLiteral("logement") });
    return m;
}

MandatInfo revokedMandat()
{
    MandatInfo m = mandat(12, kNow - 50 * kDay, QStringLiteral("SEMESTER"),
        { QStringLiteral("justice"), QStringLiteral("famille") });
    m.autorisations[0].revokedAtMs = kNow - 40 * kDay;
    m.autorisations[1].revokedAtMs = kNow - 30 * kDay;
    return m;
}

/// Presses Tab (like the aidant) until `target` has the keyboard focus.
bool tabTo(QWidget *target, int maxPresses = 30)
{
    for (int i = 0; i < maxPresses; ++i) {
        if (QApplication::focusWidget() == target)
            return true;
        QWidget *focus = QApplication::focusWidget();
        if (!focus)
            return false;
        QTest::keyClick(focus, Qt::Key_Tab);
    }
    return QApplication::focusWidget() == target;
}

/// The widgets a user reaches with the keyboard, which must have an accessible name.
QStringList widgetsWithoutAccessibleName(QWidget *root)
{
    QStringList missing;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        const bool interactive = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
            || qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractItemView *>(widget);
        const bool reachable
            = widget->focusPolicy() != Qt::NoFocus || qobject_cast<QAbstractButton *>(widget);
        if (interactive && reachable && widget->isVisibleTo(root)
            && widget->accessibleName().trimmed().isEmpty())
            missing << QStringLiteral("%1 (%2)").arg(
                widget->objectName(), QString::fromLatin1(widget->metaObject()->className()));
    }
    return missing;
}

} // namespace

/// The « Mes mandats » pages: search as one types, banners, keyboard use, and the actions of an
/// usager's page per mandat state, online and offline.
class TestMandatsPages final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::French, QLocale::France)); }

    void searchFieldFiltersTheList()
    {
        MandatsPage page;
        page.setData(usagers(), kNow);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *search = child<QLineEdit>(&page, QStringLiteral("searchLineEdit"));
        auto *table = child<QTableView>(&page, QStringLiteral("usagersTableView"));
        QCOMPARE(search->placeholderText(),
            QStringLiteral("Rechercher un usager (nom, prénom, date de naissance)"));
        QCOMPARE(table->model()->rowCount(), 5);

        QTest::keyClicks(search, QStringLiteral("dubinore"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("DUBINÔRE Joëlle"));
        QVERIFY(page.lastFilterMicroseconds() >= 0);

        search->clear();
        QCOMPARE(table->model()->rowCount(), 5);
        QTest::keyClicks(search, QStringLiteral("1992"));
        QCOMPARE(table->model()->rowCount(), 2);

        search->setText(QStringLiteral("JOËLLE")); // non-ASCII: set directly
        QCOMPARE(page.visibleCount(), 1);

        search->setText(QStringLiteral("personne"));
        QCOMPARE(page.visibleCount(), 0);
        auto *empty = child<QLabel>(&page, QStringLiteral("emptyLabel"));
        QVERIFY(empty->isVisible());
        QCOMPARE(empty->text(), QStringLiteral("Aucun usager ne correspond à « personne »."));

        search->clear();
        auto *combo = child<QComboBox>(&page, QStringLiteral("filterComboBox"));
        QCOMPARE(combo->count(), 5);
        combo->setCurrentIndex(combo->findText(QStringLiteral("Expirant sous 30 jours")));
        QCOMPARE(page.visibleCount(), 2);
        combo->setCurrentIndex(combo->findText(QStringLiteral("Expirés")));
        QCOMPARE(page.visibleCount(), 1);
        combo->setCurrentIndex(combo->findText(QStringLiteral("Tous")));
        QCOMPARE(page.visibleCount(), 5);
    }

    void expiringBanner_data()
    {
        QTest::addColumn<QList<UsagerSummary>>("list");
        QTest::addColumn<QString>("text");
        QTest::newRow("two") << usagers()
                             << QStringLiteral("2 mandats arrivent à échéance dans les 30 prochains jours");
        QTest::newRow("one") << usagers().mid(1)
                             << QStringLiteral("1 mandat arrive à échéance dans les 30 prochains jours");
        QTest::newRow("none") << usagers().mid(2) << QString();
    }

    void expiringBanner()
    {
        QFETCH(QList<UsagerSummary>, list);
        QFETCH(QString, text);
        MandatsPage page;
        page.setData(list, kNow);
        page.show();
        auto *banner = child<QWidget>(&page, QStringLiteral("expiringBanner"));
        QCOMPARE(banner->isVisible(), !text.isEmpty());
        if (!text.isEmpty()) {
            QCOMPARE(child<QLabel>(&page, QStringLiteral("expiringLabel"))->text(), text);
            // « Afficher ces usagers » switches the filter.
            QTest::mouseClick(
                child<QPushButton>(&page, QStringLiteral("showExpiringPushButton")), Qt::LeftButton);
            QCOMPARE(page.filterModel()->stateFilter(), UsagersFilterModel::StateFilter::ExpiringSoon);
        }
    }

    void offlineBanner()
    {
        MandatsPage page;
        page.setData(usagers(), kNow);
        page.show();
        auto *offline = child<QLabel>(&page, QStringLiteral("offlineLabel"));
        QVERIFY(!offline->isVisible());
        const qint64 lastSync = QDateTime(QDate(2026, 11, 22), QTime(9, 5)).toMSecsSinceEpoch(); // local time
        page.setOffline(true, lastSync);
        QVERIFY(offline->isVisible());
        QCOMPARE(offline->text(), QStringLiteral("Hors ligne — données du 22/11/2026 à 09h05"));
        page.setOffline(false, lastSync);
        QVERIFY(!offline->isVisible());
    }

    void syncProgress()
    {
        MandatsPage page;
        page.show();
        QSignalSpy sync(&page, &MandatsPage::syncRequested);
        auto *button = child<QPushButton>(&page, QStringLiteral("syncPushButton"));
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(sync.count(), 1);
        page.setSyncProgress(1200);
        auto *label = child<QLabel>(&page, QStringLiteral("syncLabel"));
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), QStringLiteral("Première synchronisation en cours : 1200 mandats reçus…"));
        QVERIFY(!button->isEnabled());
        page.setSynced();
        QVERIFY(!label->isVisible());
        QVERIFY(button->isEnabled());
    }

    void keyboardOpensAnUsager()
    {
        MandatsPage page;
        page.setData(usagers(), kNow);
        page.show();
        QApplication::setActiveWindow(&page);
        QVERIFY(QTest::qWaitForWindowActive(&page));
        auto *search = child<QLineEdit>(&page, QStringLiteral("searchLineEdit"));
        auto *table = child<QTableView>(&page, QStringLiteral("usagersTableView"));
        QTRY_COMPARE(QApplication::focusWidget(), search);
        QSignalSpy activated(&page, &MandatsPage::usagerActivated);

        QVERIFY(tabTo(table));
        QCOMPARE(table->currentIndex().row(), 0); // ABADIE Paul
        QTest::keyClick(table, Qt::Key_Down);
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toLongLong(), 1); // DUBINÔRE Joëlle, second by name

        // Down from the search field goes to the results; Entrée with one result opens it.
        search->setFocus();
        QTest::keyClicks(search, QStringLiteral("ndiaye"));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.at(1).at(0).toLongLong(), 4);
        QTest::keyClick(search, Qt::Key_Escape); // clears the search
        QCOMPARE(search->text(), QString());
        QCOMPARE(page.visibleCount(), 5);
        QTest::keyClick(search, Qt::Key_Down);
        QCOMPARE(QApplication::focusWidget(), table);
    }

    void mandatsPageWidgetsHaveAccessibleNames()
    {
        MandatsPage page;
        page.setData(usagers(), kNow);
        page.setSyncProgress(10);
        page.setOffline(true, kNow);
        page.show();
        child<QLineEdit>(&page, QStringLiteral("searchLineEdit"))->setText(QStringLiteral("dub"));
        const QStringList missing = widgetsWithoutAccessibleName(&page);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    void usagerPageShowsIdentityAndMandats()
    {
        UsagerPage page;
        page.setData(angela(), { expiredMandat(), activeMandat(), revokedMandat() }, kNow);
        page.show();
        QCOMPARE(child<QLabel>(&page, QStringLiteral("nameLabel"))->text(), kUsagerName);
        QCOMPARE(child<QLabel>(&page, QStringLiteral("identityLabel"))->text(),
            QStringLiteral("Née le 24 août 1962"));
        auto *tree = child<QTreeView>(&page, QStringLiteral("mandatsTreeView"));
        QCOMPARE(tree->model()->rowCount(), 3);
        // The newest mandat is selected, its démarches shown.
        QCOMPARE(page.selectedMandat()->id, 10);
        QVERIFY(tree->isExpanded(tree->model()->index(0, 0)));
        QCOMPARE(QApplication::focusWidget() == tree || !page.isActiveWindow(), true);
    }

    void usagerPageActions_data()
    {
        QTest::addColumn<QList<MandatInfo>>("mandats");
        QTest::addColumn<qint64>("mandatId");
        QTest::addColumn<qint64>("autorisationId");
        QTest::addColumn<bool>("offline");
        QTest::addColumn<bool>("renew");
        QTest::addColumn<bool>("revokeAutorisation");
        QTest::addColumn<bool>("revokeMandat");
        QTest::addColumn<bool>("reprint");
        QTest::addColumn<bool>("attestation");

        const QList<MandatInfo> all { activeMandat(), expiredMandat(), revokedMandat() };
        QTest::newRow("active mandat") << all << qint64(10) << qint64(0) << false //
                                       << true << false << true << true << false;
        QTest::newRow("active démarche") << all << qint64(10) << qint64(1001) << false //
                                         << true << true << true << true << false;
        QTest::newRow("revoked démarche of an active mandat") << all << qint64(10) << qint64(1002) << false //
                                                              << true << false << true << true << false;
        QTest::newRow("expired mandat") << all << qint64(11) << qint64(0) << false //
                                        << true << false << false << true << false;
        QTest::newRow("démarche of an expired mandat") << all << qint64(11) << qint64(1101) << false //
                                                       << true << false << false << true << false;
        QTest::newRow("revoked mandat") << all << qint64(12) << qint64(0) << false //
                                        << true << false << false << true << true;
        QTest::newRow("expired 364 days ago: still renewable")
            << QList<MandatInfo> { expiredMandat(14, 364 * kDay) } << qint64(14) << qint64(0) << false //
            << true << false << false << true << false;
        QTest::newRow("offline, active démarche") << all << qint64(10) << qint64(1001) << true //
                                                  << false << false << false << true << false;
        QTest::newRow("offline, revoked mandat") << all << qint64(12) << qint64(0) << true //
                                                 << false << false << false << true << true;
    }

    void usagerPageActions()
    {
        QFETCH(QList<MandatInfo>, mandats);
        QFETCH(qint64, mandatId);
        QFETCH(qint64, autorisationId);
        QFETCH(bool, offline);
        UsagerPage page;
        page.setData(angela(), mandats, kNow);
        page.setOffline(offline);
        page.show();
        QVERIFY(page.select(mandatId, autorisationId));
        auto enabled = [&](const char *name) {
            return child<QPushButton>(&page, QString::fromLatin1(name))->isEnabled();
        };
        QTEST(enabled("renewPushButton"), "renew");
        QTEST(enabled("revokeAutorisationPushButton"), "revokeAutorisation");
        QTEST(enabled("revokeMandatPushButton"), "revokeMandat");
        QTEST(enabled("reprintPushButton"), "reprint");
        QTEST(enabled("attestationPushButton"), "attestation");
        QVERIFY(enabled("backPushButton"));
        const QString tip = child<QPushButton>(&page, QStringLiteral("renewPushButton"))->toolTip();
        QCOMPARE(tip, offline ? QStringLiteral("Action impossible hors ligne") : QString());
    }

    void hiddenMandatIsNotListed()
    {
        UsagerPage page;
        page.setData(angela(), { expiredMandat(15, 366 * kDay), activeMandat() }, kNow);
        QCOMPARE(page.mandatsModel()->rowCount(), 1);
        QVERIFY(!page.select(15));
    }

    void revokeAutorisationAsksFirst()
    {
        UsagerPage page;
        page.setData(angela(), { activeMandat() }, kNow);
        page.show();
        QSignalSpy revoked(&page, &UsagerPage::revokeAutorisationRequested);
        QString question;
        bool answer = false;
        page.setConfirmHandler([&](QWidget *, const QString &, const QString &text) {
            question = text;
            return answer;
        });
        QVERIFY(page.select(10, 1001));
        auto *button = child<QPushButton>(&page, QStringLiteral("revokeAutorisationPushButton"));
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(question,
            QStringLiteral("Révoquer la démarche « Papiers - Citoyenneté - Élections » du mandat de "
                           "Angela Claire Louise DUBOIS ?"));
        QCOMPARE(revoked.count(), 0);

        answer = true;
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(revoked.count(), 1);
        QCOMPARE(revoked.at(0).at(0).toLongLong(), 10);
        QCOMPARE(revoked.at(0).at(1).toLongLong(), 1001);
    }

    void revokeMandatListsActiveDemarches()
    {
        UsagerPage page;
        page.setData(angela(), { activeMandat() }, kNow);
        page.show();
        QSignalSpy revoked(&page, &UsagerPage::revokeMandatRequested);
        QString question;
        bool answer = false;
        page.setConfirmHandler([&](QWidget *, const QString &, const QString &text) {
            question = text;
            return answer;
        });
        QVERIFY(page.select(10, 1003)); // a démarche selected: the whole mandat is revoked
        auto *button = child<QPushButton>(&page, QStringLiteral("revokeMandatPushButton"));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(question.contains(kUsagerName));
        QVERIFY(question.contains(QStringLiteral("Papiers - Citoyenneté - Élections")));
        QVERIFY(question.contains(QStringLiteral("Argent - Impôts - Consommation")));
        QVERIFY(!question.contains(QStringLiteral("Social - Santé"))); // already revoked
        QCOMPARE(revoked.count(), 0);
        answer = true;
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(revoked.count(), 1);
        QCOMPARE(revoked.at(0).at(0).toLongLong(), 10);
    }

    void renewEmitsTheMandat()
    {
        UsagerPage page;
        page.setData(angela(), { expiredMandat() }, kNow);
        page.show();
        QSignalSpy renew(&page, &UsagerPage::renewRequested);
        QVERIFY(page.select(11));
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("renewPushButton")), Qt::LeftButton);
        QCOMPARE(renew.count(), 1);
        QCOMPARE(renew.at(0).at(0).toLongLong(), 11);
        QSignalSpy back(&page, &UsagerPage::back);
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("backPushButton")), Qt::LeftButton);
        QCOMPARE(back.count(), 1);
        QTest::keyClick(child<QTreeView>(&page, QStringLiteral("mandatsTreeView")), Qt::Key_Escape);
        QCOMPARE(back.count(), 2);
    }

    void reprintIsIdenticalToTheOriginal()
    {
        UsagerPage page;
        const MandatInfo original = activeMandat();
        page.setData(angela(), { original, revokedMandat() }, kNow);
        page.setOffline(true); // reprinting needs no server
        page.show();
        QString printed;
        page.setPreviewHandler(
            [&](const QTextDocument &document, QWidget *) { printed = document.toHtml(); });
        QVERIFY(page.select(10));
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("reprintPushButton")), Qt::LeftButton);
        QCOMPARE(printed, MandatPrinter::document(original, MandatDocument::Kind::Final)->toHtml());

        QVERIFY(page.select(12));
        printed.clear();
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("attestationPushButton")), Qt::LeftButton);
        QCOMPARE(printed, MandatPrinter::revocationDocument(revokedMandat(), kNow - 30 * kDay)->toHtml());
    }

    void usagerPageWidgetsHaveAccessibleNames()
    {
        UsagerPage page;
        page.setData(angela(), { activeMandat(), revokedMandat() }, kNow);
        page.show();
        QStringList missing = widgetsWithoutAccessibleName(&page);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        page.setOffline(true);
        missing = widgetsWithoutAccessibleName(&page);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestMandatsPages)
#include "testMandatsPages.moc"
